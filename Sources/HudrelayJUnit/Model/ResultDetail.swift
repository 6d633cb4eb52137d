/// What a `<failure>`, `<error>`, `<skipped>` or rerun element said: its `type`, its `message` and
/// its text (usually a traceback).
public struct ResultDetail: Sendable, Hashable, Codable {
    /// The `type` attribute, if any.
    public var type: String?
    /// The `message` attribute, if any.
    public var message: String?
    /// The element's text (or its `<stackTrace>` child's), capped.
    public var text: CappedText?

    /// Creates a detail.
    public init(type: String? = nil, message: String? = nil, text: CappedText? = nil) {
        self.type = type
        self.message = message
        self.text = text
    }

    /// Whether the element carried nothing at all.
    public var isEmpty: Bool { type == nil && message == nil && text == nil }
}
