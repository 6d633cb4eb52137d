/// Why a report could not be read, and where.
///
/// - Important: When a parse fails, whatever the handler already received is not a complete
///   report. Callers must discard it (the store rolls back its transaction; `hudrelay parse`
///   prints an error record instead of counts).
public struct JUnitParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The input holds no bytes, or only whitespace.
        case empty
        /// The XML is not well-formed.
        case malformed
        /// The document ended before its root element closed.
        case truncated
        /// The document declares entities or a DTD construct that could expand or load data.
        case forbiddenEntity = "forbidden_entity"
        /// Elements are nested deeper than ``ParserOptions/maxDepth``.
        case tooDeep = "too_deep"
        /// The input is larger than ``ParserOptions/maxInputBytes``.
        case tooLarge = "too_large"
        /// The document is XML but not a JUnit report (its root is something else).
        case notJUnit = "not_junit"
        /// The gzip stream is corrupt or cut off.
        case badCompression = "bad_compression"
        /// The input could not be read.
        case io
    }

    /// The kind of problem.
    public var kind: Kind
    /// What is wrong, in words a person can act on.
    public var message: String
    /// The 1-based line where the problem was found (0 when not applicable).
    public var line: Int
    /// The 1-based column where the problem was found (0 when not applicable).
    public var column: Int

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// `LINE:COL: message`, the form `hudrelay parse` prints after the file name.
    public var description: String { "\(line):\(column): \(message)" }
}
