/// One `<testcase>` element as read, before it is merged with other entries of the same test.
struct CaseEntry {
    var classname = ""
    var name = ""
    var file: String?
    var line: Int?
    var duration: Double?
    /// `status`/`result` attributes that mean "not run" (googletest `notrun`, tst `disabled`).
    var skippedByAttribute = false
    var failure: ResultDetail?
    var error: ResultDetail?
    var skipped: ResultDetail?
    var childAttempts: [TestAttempt] = []
    var systemOut: TextBuffer
    var systemErr: TextBuffer
    var properties: [JUnitProperty] = []
    var suiteIndex = 0
    /// A hash of (suite, classname, name, file) as written: the merge identity.
    var identityHash = 0

    init(textCap: Int) {
        systemOut = TextBuffer(cap: textCap)
        systemErr = TextBuffer(cap: textCap)
    }

    /// The entry's own outcome by PyTorch's precedence: failure > error > skipped > passed.
    var outcome: TestOutcome {
        if failure != nil { return .failed }
        if error != nil { return .error }
        if let skipped {
            if skipped.type == "pytest.xfail" { return .xfailed }
            if skipped.type == "pytest.xpass" { return .xpassed }
            if let m = skipped.message, m.hasPrefix("xfail-marked test passes unexpectedly") { return .xpassed }
            return .skipped
        }
        if skippedByAttribute { return .skipped }
        return .passed
    }

    /// The detail of the entry's own outcome.
    var detail: ResultDetail { failure ?? error ?? skipped ?? ResultDetail() }

    /// Whether this entry is pytest's separate record of a teardown error (`<error
    /// message="failed on teardown with …">` alone).
    var isTeardownError: Bool {
        guard failure == nil, skipped == nil, let error else { return false }
        return error.message?.hasPrefix("failed on teardown with") ?? false
    }

    /// A rough count of the bytes this entry holds, for the merge window's budget.
    var approximateBytes: Int {
        func size(_ d: ResultDetail?) -> Int {
            guard let d else { return 0 }
            return (d.message?.utf8.count ?? 0) + (d.text?.value.utf8.count ?? 0) + (d.type?.utf8.count ?? 0)
        }
        var n = 128 + classname.utf8.count + name.utf8.count + (file?.utf8.count ?? 0)
        n += size(failure) + size(error) + size(skipped)
        n += systemOut.bytes.count + systemErr.bytes.count
        for a in childAttempts { n += 64 + size(a.detail) }
        for p in properties { n += 32 + p.name.utf8.count + p.value.utf8.count }
        return n
    }
}
