/// What the parser learned about a whole report, returned when the parse succeeds.
public struct ReportInfo: Sendable, Hashable, Codable {
    /// The root element's local name (`testsuites`, `testsuite`, `testrun` or `testcase`).
    public var rootElement: String
    /// Properties written directly under the root `<testsuites>`.
    public var properties: [JUnitProperty]
    /// The counts of tests and outcomes after merging attempts.
    public var counts: ReportCounts
    /// The raw element counts.
    public var elements: ElementCounts
    /// The XML encoding libxml2 read the document in (from a BOM or the declaration), if stated.
    public var encoding: String?

    /// Creates an empty report.
    public init(rootElement: String = "") {
        self.rootElement = rootElement
        self.properties = []
        self.counts = ReportCounts()
        self.elements = ElementCounts()
    }
}
