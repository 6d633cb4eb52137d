/// One test of a report, with every `<testcase>` entry and rerun element of it merged.
///
/// The rules that merge entries are in `docs/junit.md`: repeated entries of the same
/// (classname, name, file) in one suite are attempts in document order, the last entry is the
/// final outcome, and rerun child elements are failed attempts.
public struct TestRecord: Sendable, Hashable, Codable {
    /// The test's file: the `file` attribute, or derived from a dotted classname by PyTorch's rule
    /// (see ``fileDerived``); `nil` when neither is available.
    public var file: String?
    /// Whether ``file`` was derived from the classname rather than written in the report.
    public var fileDerived: Bool
    /// The `classname` attribute as written (Codeception's `class` is read too); empty when
    /// missing.
    public var classname: String
    /// The `name` attribute; empty when missing.
    public var name: String
    /// The `line` attribute (pytest writes it 0-based), if any.
    public var line: Int?
    /// Total seconds over every entry of the test, where any entry had a time.
    public var duration: Double?
    /// The final outcome.
    public var outcome: TestOutcome
    /// The final outcome's `type`, `message` and text (for a failed, errored, skipped or xfailed
    /// test).
    public var detail: ResultDetail
    /// A second problem of the final run, such as pytest's teardown error after a call failure.
    public var secondaryDetail: ResultDetail?
    /// Every attempt in document order; the last one is the final outcome.
    public var attempts: [TestAttempt]
    /// Captured standard output (all `<system-out>` of the test's entries, concatenated), capped.
    public var systemOut: CappedText?
    /// Captured standard error, capped.
    public var systemErr: CappedText?
    /// The test case's properties, in document order (pytest `record_property`, torch-spyre's
    /// `tag` and `result.retried`).
    public var properties: [JUnitProperty]
    /// The number of the suite the test belongs to, in the order suites start (0-based).
    public var suiteIndex: Int
    /// How many `<testcase>` elements were merged into this test.
    public var entries: Int

    /// Creates a record.
    public init(
        file: String?, fileDerived: Bool = false, classname: String, name: String, line: Int? = nil,
        duration: Double? = nil, outcome: TestOutcome, detail: ResultDetail = .init(),
        secondaryDetail: ResultDetail? = nil, attempts: [TestAttempt] = [], systemOut: CappedText? = nil,
        systemErr: CappedText? = nil, properties: [JUnitProperty] = [], suiteIndex: Int = 0, entries: Int = 1
    ) {
        self.file = file
        self.fileDerived = fileDerived
        self.classname = classname
        self.name = name
        self.line = line
        self.duration = duration
        self.outcome = outcome
        self.detail = detail
        self.secondaryDetail = secondaryDetail
        self.attempts = attempts
        self.systemOut = systemOut
        self.systemErr = systemErr
        self.properties = properties
        self.suiteIndex = suiteIndex
        self.entries = entries
    }

    /// Failed attempts (outcome failed or error) before the final one: the test's reruns.
    public var reruns: Int {
        attempts.dropLast().reduce(0) { $0 + ($1.outcome.isFailure ? 1 : 0) }
    }

    /// Whether the test is flaky in this report: it passed in the end after at least one failed
    /// attempt.
    public var isFlaky: Bool { outcome == .passed && reruns > 0 }
}
