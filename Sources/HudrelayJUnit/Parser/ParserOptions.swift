/// Limits and switches of ``JUnitParser``.
public struct ParserOptions: Sendable, Hashable {
    /// The most bytes kept of each text field (message, traceback, output); the original length is
    /// recorded. Default 64 KiB.
    public var maxTextBytes: Int = 64 * 1024
    /// The deepest element nesting accepted; deeper documents are rejected. Default 64.
    public var maxDepth: Int = 64
    /// How many recent tests of a suite stay open for merging a repeated entry that is not next to
    /// its earlier one (gotestsum writes failed attempts before passed ones). Default 10,000.
    public var mergeWindow: Int = 10_000
    /// How many bytes of text the open tests may hold before the oldest are handed over. Default
    /// 16 MiB.
    public var mergeWindowBytes: Int = 16 * 1024 * 1024
    /// The most bytes read from the source (after gzip decoding); larger reports are rejected.
    /// Default unlimited.
    public var maxInputBytes: Int = .max
    /// Whether test-level `<system-out>`/`<system-err>` are kept. Default `true`.
    public var captureOutput: Bool = true

    /// How test files' paths are normalized for the tests' identity and generic id (the parser
    /// itself keeps `file` as written). Default: torch-spyre's prefixes.
    public var paths = TestPathRules()

    /// Creates the default options.
    public init() {}
}
