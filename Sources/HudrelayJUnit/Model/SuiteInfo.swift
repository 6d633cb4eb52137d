/// One `<testsuite>` (or the `<testsuites>`/`<testrun>` root) of a report.
///
/// The parser hands a suite over when it closes, after the suite's tests, with the counts it
/// found next to the counts the suite declared (which often disagree: see `docs/junit.md`).
public struct SuiteInfo: Sendable, Hashable, Codable {
    /// The suite's number, in the order suites start (0-based).
    public var index: Int
    /// The number of the enclosing suite, for nested suites.
    public var parentIndex: Int?
    /// The element's local name: `testsuite`, `testsuites` or `testrun`.
    public var element: String
    /// The `name` attribute.
    public var name: String?
    /// The `hostname` attribute.
    public var hostname: String?
    /// The `timestamp` attribute as written (its format varies by writer).
    public var timestamp: String?
    /// The `file` attribute (mocha, PHPUnit).
    public var file: String?
    /// Suite-level properties, in document order.
    public var properties: [JUnitProperty]
    /// The counters the suite declared in its attributes.
    public var declared: DeclaredTotals
    /// The tests found directly in this suite, after merging attempts.
    public var tests: Int
    /// Result elements written directly under the suite, outside any `<testcase>` (a class that
    /// failed to load, for example).
    public var problems: [SuiteProblem]
    /// Suite-level `<system-out>`, capped.
    public var systemOut: CappedText?
    /// Suite-level `<system-err>`, capped.
    public var systemErr: CappedText?

    /// Creates a suite.
    public init(index: Int, parentIndex: Int?, element: String) {
        self.index = index
        self.parentIndex = parentIndex
        self.element = element
        self.properties = []
        self.declared = DeclaredTotals()
        self.tests = 0
        self.problems = []
    }
}

/// The totals a suite states in its own attributes.
public struct DeclaredTotals: Sendable, Hashable, Codable {
    /// `tests`.
    public var tests: Int?
    /// `failures`.
    public var failures: Int?
    /// `errors`.
    public var errors: Int?
    /// `skipped` (or the older `skips`).
    public var skipped: Int?
    /// `time`, in seconds.
    public var time: Double?

    /// Creates empty totals.
    public init() {}
}

/// A `<failure>`, `<error>` or `<skipped>` written directly under a suite.
public struct SuiteProblem: Sendable, Hashable, Codable {
    /// `failed`, `error` or `skipped`.
    public var outcome: TestOutcome
    /// What the element said.
    public var detail: ResultDetail

    /// Creates a problem.
    public init(outcome: TestOutcome, detail: ResultDetail) {
        self.outcome = outcome
        self.detail = detail
    }
}
