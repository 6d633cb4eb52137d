/// One test of a report, with every `<testcase>` entry and rerun element of it merged.
///
/// The rules that merge entries are in `docs/junit.md`: repeated entries of the same
/// (classname, name, file) in one suite are attempts in document order, the last entry is the
/// final outcome, and rerun child elements are failed attempts.
///
/// The fields most tests leave empty (details, attempts, output, properties) live in one
/// copy-on-write box, so that a passing test is small and cheap to copy.
public struct TestRecord: Sendable, Hashable {
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
    /// The duration of the final attempt alone, where known.
    public var finalDuration: Double?
    /// The final outcome.
    public var outcome: TestOutcome
    /// The number of the suite the test belongs to, in the order suites start (0-based).
    public var suiteIndex: Int
    /// How many `<testcase>` elements were merged into this test.
    public var entries: Int
    /// The place of the test's first `<testcase>` element among the report's, in the order they
    /// start (0-based). Where the test was written, not part of its value: `==` ignores it.
    public var firstEntry: Int = 0
    private var storage: TestRecordStorage?

    /// Creates a record.
    public init(
        file: String?, fileDerived: Bool = false, classname: String, name: String, line: Int? = nil,
        duration: Double? = nil, outcome: TestOutcome, detail: ResultDetail = .init(),
        secondaryDetail: ResultDetail? = nil, priorAttempts: [TestAttempt] = [], finalDuration: Double? = nil,
        systemOut: CappedText? = nil, systemErr: CappedText? = nil, properties: [JUnitProperty] = [],
        suiteIndex: Int = 0, entries: Int = 1
    ) {
        self.file = file
        self.fileDerived = fileDerived
        self.classname = classname
        self.name = name
        self.line = line
        self.duration = duration
        self.finalDuration = finalDuration
        self.outcome = outcome
        self.suiteIndex = suiteIndex
        self.entries = entries
        let extras = TestRecordExtras(
            detail: detail, secondaryDetail: secondaryDetail, priorAttempts: priorAttempts, systemOut: systemOut,
            systemErr: systemErr, properties: properties)
        storage = extras.isEmpty ? nil : TestRecordStorage(extras)
    }

    /// A record with no details, attempts, output or properties (the parser's fast path).
    init(
        bareFile file: String?, fileDerived: Bool, classname: String, name: String, line: Int?, duration: Double?,
        outcome: TestOutcome, suiteIndex: Int
    ) {
        self.file = file
        self.fileDerived = fileDerived
        self.classname = classname
        self.name = name
        self.line = line
        self.duration = duration
        self.finalDuration = duration
        self.outcome = outcome
        self.suiteIndex = suiteIndex
        self.entries = 1
        self.storage = nil
    }

    private var extras: TestRecordExtras { storage?.extras ?? TestRecordExtras() }

    private mutating func modifyExtras(_ change: (inout TestRecordExtras) -> Void) {
        if storage == nil {
            var fresh = TestRecordExtras()
            change(&fresh)
            if !fresh.isEmpty { storage = TestRecordStorage(fresh) }
            return
        }
        if !isKnownUniquelyReferenced(&storage) { storage = TestRecordStorage(storage!.extras) }
        change(&storage!.extras)
    }

    /// The final outcome's `type`, `message` and text (for a failed, errored, skipped or xfailed
    /// test).
    public var detail: ResultDetail {
        get { extras.detail }
        set { modifyExtras { $0.detail = newValue } }
    }

    /// A second problem of the final run, such as pytest's teardown error after a call failure.
    public var secondaryDetail: ResultDetail? {
        get { extras.secondaryDetail }
        set { modifyExtras { $0.secondaryDetail = newValue } }
    }

    /// The attempts before the final one, in document order: failed attempts (reruns) and, rarely,
    /// skipped ones.
    public var priorAttempts: [TestAttempt] {
        get { extras.priorAttempts }
        set { modifyExtras { $0.priorAttempts = newValue } }
    }

    /// Captured standard output (all `<system-out>` of the test's entries, concatenated), capped.
    public var systemOut: CappedText? {
        get { extras.systemOut }
        set { modifyExtras { $0.systemOut = newValue } }
    }

    /// Captured standard error, capped.
    public var systemErr: CappedText? {
        get { extras.systemErr }
        set { modifyExtras { $0.systemErr = newValue } }
    }

    /// The test case's properties, in document order (pytest `record_property`, torch-spyre's
    /// `tag` and `result.retried`).
    public var properties: [JUnitProperty] {
        get { extras.properties }
        set { modifyExtras { $0.properties = newValue } }
    }

    /// Whether the test case has any property (cheaper than reading ``properties``).
    var hasProperties: Bool { storage.map { !$0.extras.properties.isEmpty } ?? false }

    /// The places of the `<testcase>` elements merged into this test after its first one, in
    /// document order (see ``firstEntry``); `==` ignores them.
    public var laterEntries: [Int] {
        get { extras.laterEntries }
        set { modifyExtras { $0.laterEntries = newValue } }
    }

    /// Of ``laterEntries``, those merged as pytest's teardown error of the run before them rather
    /// than as a new attempt.
    public var teardownEntries: [Int] {
        get { extras.teardownEntries }
        set { modifyExtras { $0.teardownEntries = newValue } }
    }

    /// Every attempt in document order; the last one is the final outcome.
    public var attempts: [TestAttempt] {
        priorAttempts + [TestAttempt(outcome: outcome, source: .testcase, detail: detail, duration: finalDuration)]
    }

    /// Failed attempts (outcome failed or error) before the final one: the test's reruns.
    public var reruns: Int {
        guard let storage, !storage.extras.priorAttempts.isEmpty else { return 0 }
        return storage.extras.priorAttempts.reduce(0) { $0 + ($1.outcome.isFailure ? 1 : 0) }
    }

    /// Whether the test is flaky in this report: it passed in the end after at least one failed
    /// attempt.
    public var isFlaky: Bool { outcome == .passed && reruns > 0 }

    /// Records are equal when every field is.
    public static func == (a: TestRecord, b: TestRecord) -> Bool {
        a.file == b.file && a.fileDerived == b.fileDerived && a.classname == b.classname && a.name == b.name
            && a.line == b.line && a.duration == b.duration && a.finalDuration == b.finalDuration
            && a.outcome == b.outcome && a.suiteIndex == b.suiteIndex && a.entries == b.entries
            && a.extras == b.extras
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(classname)
        hasher.combine(name)
        hasher.combine(line)
        hasher.combine(outcome)
        hasher.combine(suiteIndex)
        hasher.combine(entries)
        hasher.combine(extras)
    }
}

/// The rarely filled fields of a ``TestRecord``.
struct TestRecordExtras: Hashable, Sendable {
    var detail = ResultDetail()
    var secondaryDetail: ResultDetail?
    var priorAttempts: [TestAttempt] = []
    var systemOut: CappedText?
    var systemErr: CappedText?
    var properties: [JUnitProperty] = []
    /// Where the merged entries were (``TestRecord/laterEntries``): not part of the value.
    var laterEntries: [Int] = []
    var teardownEntries: [Int] = []

    var isEmpty: Bool {
        detail.isEmpty && secondaryDetail == nil && priorAttempts.isEmpty && systemOut == nil && systemErr == nil
            && properties.isEmpty && laterEntries.isEmpty
    }

    static func == (a: TestRecordExtras, b: TestRecordExtras) -> Bool {
        a.detail == b.detail && a.secondaryDetail == b.secondaryDetail && a.priorAttempts == b.priorAttempts
            && a.systemOut == b.systemOut && a.systemErr == b.systemErr && a.properties == b.properties
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(detail)
        hasher.combine(secondaryDetail)
        hasher.combine(priorAttempts)
        hasher.combine(systemOut)
        hasher.combine(systemErr)
        hasher.combine(properties)
    }
}

/// The copy-on-write box behind ``TestRecord``'s rarely filled fields.
///
/// - Important: Mutated only through ``TestRecord`` after a uniqueness check, so a box shared
///   between copies (or threads) is never written.
final class TestRecordStorage: @unchecked Sendable {
    var extras: TestRecordExtras

    init(_ extras: TestRecordExtras) { self.extras = extras }
}
