/// A text field from a report, cut to the parser's limit.
///
/// The parser keeps at most ``ParserOptions/maxTextBytes`` bytes of each text field (a message,
/// a traceback, captured output) and records how long the original was.
public struct CappedText: Sendable, Hashable, Codable {
    /// The kept text: the whole field, or its first bytes up to the limit (cut at a character
    /// boundary).
    public var value: String
    /// The length of the original field in UTF-8 bytes.
    public var originalLength: Int

    /// Creates a text field.
    public init(_ value: String, originalLength: Int? = nil) {
        self.value = value
        self.originalLength = originalLength ?? value.utf8.count
    }

    /// Whether the field was cut.
    public var isTruncated: Bool { originalLength > value.utf8.count }
}
