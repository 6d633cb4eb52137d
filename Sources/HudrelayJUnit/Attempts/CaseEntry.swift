/// One `<testcase>` element as read, before it is merged with other entries of the same test.
///
/// What most entries lack (result elements, reruns, output, properties) lives in a
/// ``CaseEntryExtras`` created on first use, so a plain passing entry stays small.
struct CaseEntry {
    var classname = ""
    var name = ""
    var file: String?
    /// The file derived from a dotted classname when `file` is missing (PyTorch's rule).
    var derivedFile: String?
    var line: Int?
    var duration: Double?
    /// `status`/`result` attributes that mean "not run" (googletest `notrun`, tst `disabled`).
    var skippedByAttribute = false
    var suiteIndex = 0
    /// The entry's place among the report's `<testcase>` elements (``TestRecord/firstEntry``).
    var ordinal = 0
    private(set) var extras: CaseEntryExtras?

    /// The extras, created on first use.
    mutating func ensureExtras(textCap: Int) -> CaseEntryExtras {
        if let extras { return extras }
        let fresh = CaseEntryExtras(textCap: textCap)
        extras = fresh
        return fresh
    }

    var failure: ResultDetail? { extras?.failure }
    var error: ResultDetail? { extras?.error }
    var skipped: ResultDetail? { extras?.skipped }
    var childAttempts: [TestAttempt] { extras?.childAttempts ?? [] }
    var properties: [JUnitProperty] { extras?.properties ?? [] }

    /// The entry's own outcome by PyTorch's precedence: failure > error > skipped > passed.
    var outcome: TestOutcome {
        guard let extras else { return skippedByAttribute ? .skipped : .passed }
        if extras.failure != nil { return .failed }
        if extras.error != nil { return .error }
        if let skipped = extras.skipped {
            if skipped.type == "pytest.xfail" { return .xfailed }
            if skipped.type == "pytest.xpass" { return .xpassed }
            if let m = skipped.message, m.hasPrefix("xfail-marked test passes unexpectedly") { return .xpassed }
            return .skipped
        }
        return skippedByAttribute ? .skipped : .passed
    }

    /// The detail of the entry's own outcome.
    var detail: ResultDetail { failure ?? error ?? skipped ?? ResultDetail() }

    /// Whether this entry is pytest's separate record of a teardown error (`<error
    /// message="failed on teardown with …">` alone).
    var isTeardownError: Bool {
        guard failure == nil, skipped == nil, let error else { return false }
        return error.message?.hasPrefix("failed on teardown with") ?? false
    }

    /// Whether `other` has this entry's identity (suite, classname, name, file as written).
    func matches(_ other: CaseEntry) -> Bool {
        other.suiteIndex == suiteIndex && other.name == name && other.classname == classname && other.file == file
    }

    /// The entry as a test of its own, moving its strings (when no other entry joins it).
    consuming func consumeIntoRecord() -> TestRecord { record() }

    /// The entry as a test of its own (when no other entry joins it); `withOutput: false` leaves
    /// the captured output out, for a test whose later entries still add to it.
    func record(withOutput: Bool = true) -> TestRecord {
        var r = TestRecord(
            bareFile: file ?? derivedFile, fileDerived: file == nil && derivedFile != nil, classname: classname,
            name: name, line: line, duration: duration, outcome: outcome, suiteIndex: suiteIndex)
        r.firstEntry = ordinal
        if let extras {
            r.detail = detail
            if extras.failure != nil, let error = extras.error { r.secondaryDetail = error }
            if !extras.childAttempts.isEmpty { r.priorAttempts = extras.childAttempts }
            if !extras.properties.isEmpty { r.properties = extras.properties }
            if withOutput && !extras.systemOut.isEmpty { r.systemOut = extras.systemOut.text() }
            if withOutput && !extras.systemErr.isEmpty { r.systemErr = extras.systemErr.text() }
        }
        return r
    }

    /// A rough count of the bytes this entry holds, for the merge window's budget.
    var approximateBytes: Int {
        var n = 128 + classname.utf8.count + name.utf8.count + (file?.utf8.count ?? 0)
        if let extras { n += extras.approximateBytes }
        return n
    }
}

/// The parts of a ``CaseEntry`` that most entries do not have.
final class CaseEntryExtras {
    @exclusivity(unchecked) var failure: ResultDetail?
    @exclusivity(unchecked) var error: ResultDetail?
    @exclusivity(unchecked) var skipped: ResultDetail?
    @exclusivity(unchecked) var childAttempts: [TestAttempt] = []
    @exclusivity(unchecked) var systemOut: TextBuffer
    @exclusivity(unchecked) var systemErr: TextBuffer
    @exclusivity(unchecked) var properties: [JUnitProperty] = []

    init(textCap: Int) {
        systemOut = TextBuffer(cap: textCap)
        systemErr = TextBuffer(cap: textCap)
    }

    var approximateBytes: Int {
        func size(_ d: ResultDetail?) -> Int {
            guard let d else { return 0 }
            return (d.message?.utf8.count ?? 0) + (d.text?.value.utf8.count ?? 0) + (d.type?.utf8.count ?? 0)
        }
        var n = size(failure) + size(error) + size(skipped) + systemOut.bytes.count + systemErr.bytes.count
        for a in childAttempts { n += 64 + size(a.detail) }
        for p in properties { n += 32 + p.name.utf8.count + p.value.utf8.count }
        return n
    }
}
