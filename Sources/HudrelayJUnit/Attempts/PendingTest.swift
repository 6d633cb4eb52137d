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

    /// Starts a test from its first entry.
    init(entry: CaseEntry, textCap: Int) {
        // Output stays in buffers while entries may still join, and is turned into text at the end.
        record = entry.record(withOutput: false)
        systemOut = entry.extras?.systemOut ?? TextBuffer(cap: textCap)
        systemErr = entry.extras?.systemErr ?? TextBuffer(cap: textCap)
        lastEntryHadFailure = entry.failure != nil
        bytes = entry.approximateBytes
        originalFile = entry.file
    }

    /// Whether `entry` has this test's identity (suite, classname, name, file as written).
    func matches(_ entry: CaseEntry) -> Bool {
        entry.suiteIndex == record.suiteIndex && entry.name == record.name && entry.classname == record.classname
            && entry.file == originalFile
    }

    /// A hash of the identity, for the merge window's index.
    var identityHash: Int { IdentityHash.of(suite: record.suiteIndex, record.classname, record.name, originalFile) }

    /// Merges a later entry of the same test. Returns `true` when the entry was pytest's separate
    /// teardown-error record of the same run rather than a new attempt.
    mutating func merge(_ entry: CaseEntry) -> Bool {
        bytes += entry.approximateBytes
        record.entries += 1
        record.laterEntries.append(entry.ordinal)
        if let d = entry.duration { record.duration = (record.duration ?? 0) + d }
        if record.line == nil { record.line = entry.line }
        for p in entry.properties where !record.properties.contains(p) { record.properties.append(p) }
        if let extras = entry.extras {
            append(&systemOut, extras.systemOut)
            append(&systemErr, extras.systemErr)
        }

        if entry.isTeardownError && lastEntryHadFailure {
            // pytest writes a call failure and the teardown error that follows it as two entries.
            record.secondaryDetail = entry.error
            record.teardownEntries.append(entry.ordinal)
            if let d = entry.duration { record.finalDuration = (record.finalDuration ?? 0) + d }
            lastEntryHadFailure = false
            return true
        }
        // The earlier final entry was an attempt that was retried: it failed, unless it was a skip.
        var last = TestAttempt(
            outcome: record.outcome, source: .testcase, detail: record.detail, duration: record.finalDuration)
        if last.outcome == .passed || last.outcome == .xpassed { last.outcome = .failed }
        record.priorAttempts.append(last)
        record.priorAttempts.append(contentsOf: entry.childAttempts)
        record.finalDuration = entry.duration
        record.outcome = entry.outcome
        record.detail = entry.detail
        record.secondaryDetail = entry.failure != nil ? entry.error : nil
        lastEntryHadFailure = entry.failure != nil
        return false
    }

    /// The finished record.
    func finish() -> TestRecord {
        var r = record
        if !systemOut.isEmpty { r.systemOut = systemOut.text() }
        if !systemErr.isEmpty { r.systemErr = systemErr.text() }
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
