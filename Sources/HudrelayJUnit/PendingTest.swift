/// A test whose entries are still being merged.
struct PendingTest {
    var record: TestRecord
    var systemOut: TextBuffer
    var systemErr: TextBuffer
    /// Whether the latest entry held a `<failure>` (a call failure that a teardown error may follow).
    var lastEntryHadFailure: Bool
    var bytes: Int
    /// The `file` attribute as written (part of the merge key), before any derivation.
    let originalFile: String?
    /// The merge identity's hash.
    let identityHash: Int

    /// Starts a test from its first entry.
    init(entry: CaseEntry) {
        var attempts = entry.childAttempts
        attempts.append(
            TestAttempt(outcome: entry.outcome, source: .testcase, detail: entry.detail, duration: entry.duration))
        var file = entry.file
        var derived = false
        if file?.isEmpty ?? true, let d = PyTorchFileRule.derive(classname: entry.classname) {
            file = d.file
            derived = true
        }
        record = TestRecord(
            file: file, fileDerived: derived, classname: entry.classname, name: entry.name, line: entry.line,
            duration: entry.duration, outcome: entry.outcome, detail: entry.detail,
            secondaryDetail: entry.failure != nil ? entry.error : nil, attempts: attempts,
            properties: entry.properties, suiteIndex: entry.suiteIndex, entries: 1)
        systemOut = entry.systemOut
        systemErr = entry.systemErr
        lastEntryHadFailure = entry.failure != nil
        bytes = entry.approximateBytes
        originalFile = entry.file
        identityHash = entry.identityHash
    }

    /// Whether `entry` has this test's identity (suite, classname, name, file as written).
    func matches(_ entry: CaseEntry) -> Bool {
        entry.identityHash == identityHash && entry.suiteIndex == record.suiteIndex && entry.name == record.name
            && entry.classname == record.classname && entry.file == originalFile
    }

    /// Merges a later entry of the same test. Returns `true` when the entry was pytest's separate
    /// teardown-error record of the same run rather than a new attempt.
    mutating func merge(_ entry: CaseEntry) -> Bool {
        bytes += entry.approximateBytes
        record.entries += 1
        if let d = entry.duration { record.duration = (record.duration ?? 0) + d }
        if record.line == nil { record.line = entry.line }
        for p in entry.properties where !record.properties.contains(p) { record.properties.append(p) }
        append(&systemOut, entry.systemOut)
        append(&systemErr, entry.systemErr)

        if entry.isTeardownError && lastEntryHadFailure {
            // pytest writes a call failure and the teardown error that follows it as two entries.
            record.secondaryDetail = entry.error
            if let d = entry.duration, let i = record.attempts.indices.last {
                record.attempts[i].duration = (record.attempts[i].duration ?? 0) + d
            }
            lastEntryHadFailure = false
            return true
        }
        // The earlier final entry was an attempt that was retried: it failed, unless it was a skip.
        var last = record.attempts.removeLast()
        if last.outcome == .passed || last.outcome == .xpassed { last.outcome = .failed }
        record.attempts.append(last)
        record.attempts.append(contentsOf: entry.childAttempts)
        record.attempts.append(
            TestAttempt(outcome: entry.outcome, source: .testcase, detail: entry.detail, duration: entry.duration))
        record.outcome = entry.outcome
        record.detail = entry.detail
        record.secondaryDetail = entry.failure != nil ? entry.error : nil
        lastEntryHadFailure = entry.failure != nil
        return false
    }

    /// The finished record.
    func finish() -> TestRecord {
        var r = record
        r.systemOut = systemOut.text()
        r.systemErr = systemErr.text()
        return r
    }

    private func append(_ into: inout TextBuffer, _ other: TextBuffer) {
        guard !other.isEmpty else { return }
        let missing = other.total - other.bytes.count
        other.bytes.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { into.append(base, count: b.count) }
        }
        if missing > 0 { into.countDropped(missing) }
    }
}
