import Foundation
import HudrelayJUnit
import NIOCore

/// One upload's parsed tests, ready to be copied into `results` in PostgreSQL's COPY text format.
///
/// Each row is kept as its test's key and id plus the encoded columns from `outcome` on; the
/// columns before (time, upload, ordinal, job, test id) are written when the rows are copied,
/// once every test id is known. Tests the ``TestIDCache`` does not know are collected, once each,
/// as rows of `tests_staging`.
public struct ResultRows: Sendable {
    /// The columns of `results`, in the order rows are written.
    static let columns = [
        "recorded_at", "upload_id", "ordinal", "job_id", "test_id", "outcome", "duration_s", "reruns", "flaky",
        "failure_type", "failure_message", "failure_text", "failure_text_length", "properties", "attempts",
    ]
    /// The columns of `tests_staging`, in order.
    static let testColumns = ["upload_id", "key", "repo", "file", "classname", "name"]

    struct Entry {
        var key: UUID
        /// The cached id, or -1 when the test is new to this process.
        var testID: Int64
        /// Where this row's columns end in ``tails``.
        var end: Int
    }

    let uploadID: String
    let repo: String
    let cache: TestIDCache
    private(set) var entries: [Entry] = []
    private(set) var tails = ByteBuffer()
    /// Rows of `tests_staging` for the tests the cache does not know.
    private(set) var newTests = ByteBuffer()
    private var newKeys: Set<UUID> = []

    /// Starts the rows of one upload of `repo`.
    public init(uploadID: UUID, repo: String, cache: TestIDCache) {
        self.uploadID = uploadID.uuidString.lowercased()
        self.repo = repo
        self.cache = cache
    }

    /// The number of rows.
    public var count: Int { entries.count }

    /// The number of distinct tests the cache did not know.
    public var newTestCount: Int { newKeys.count }

    /// Adds one test.
    public mutating func append(_ test: TestRecord) {
        let file = test.file ?? ""
        let key = TestKey.make(repo: repo, file: file, classname: test.classname, name: test.name)
        let id = cache.id(for: key)
        if id == nil, newKeys.insert(key).inserted {
            CopyText.field(uploadID, into: &newTests)
            CopyText.field(key.uuidString, into: &newTests)
            CopyText.field(repo, into: &newTests)
            CopyText.field(file, into: &newTests)
            CopyText.field(test.classname, into: &newTests)
            CopyText.field(test.name, into: &newTests, last: true)
        }
        CopyText.field(test.outcome.rawValue, into: &tails)
        CopyText.field(test.duration.map { String($0) }, into: &tails)
        CopyText.field(String(test.reruns), into: &tails)
        CopyText.field(test.isFlaky ? "t" : "f", into: &tails)
        let detail = test.detail
        CopyText.field(detail.type, into: &tails)
        CopyText.field(detail.message, into: &tails)
        CopyText.field(detail.text?.value, into: &tails)
        CopyText.field(detail.text.map { String($0.originalLength) }, into: &tails)
        CopyText.field(test.properties.isEmpty ? nil : Self.propertiesJSON(test.properties), into: &tails)
        CopyText.field(
            test.priorAttempts.isEmpty ? nil : Self.attemptsJSON(test.attempts), into: &tails, last: true)
        entries.append(Entry(key: key, testID: id ?? -1, end: tails.writerIndex))
    }

    /// Writes every row of `results` in chunks of about `chunkSize` bytes; `ids` holds the ids of
    /// the tests that were new.
    ///
    /// - Important: Throws when a new test has no id in `ids`.
    func write(
        recordedAt: String, jobID: Int64, ids: [UUID: Int64], chunkSize: Int = 1 << 20,
        _ emit: (ByteBuffer) async throws -> Void
    ) async throws {
        var chunk = ByteBuffer()
        chunk.reserveCapacity(chunkSize + 4096)
        var prefix = ByteBuffer()
        CopyText.field(recordedAt, into: &prefix)
        CopyText.field(uploadID, into: &prefix)
        let job = String(jobID)
        var start = 0
        for (ordinal, entry) in entries.enumerated() {
            var id = entry.testID
            if id < 0 {
                guard let known = ids[entry.key] else {
                    throw StoreError(.internal, "no test id for key \(entry.key) (upload \(uploadID))")
                }
                id = known
            }
            chunk.writeImmutableBuffer(prefix)
            chunk.writeString(String(ordinal))
            chunk.writeInteger(UInt8(ascii: "\t"))
            chunk.writeString(job)
            chunk.writeInteger(UInt8(ascii: "\t"))
            chunk.writeString(String(id))
            chunk.writeInteger(UInt8(ascii: "\t"))
            chunk.writeImmutableBuffer(tails.getSlice(at: start, length: entry.end - start)!)
            start = entry.end
            if chunk.readableBytes >= chunkSize {
                try await emit(chunk)
                chunk.clear()
            }
        }
        if chunk.readableBytes > 0 { try await emit(chunk) }
    }

    static func propertiesJSON(_ properties: [JUnitProperty]) -> String {
        JSONWriter.array(
            properties.map { p in
                var w = JSONWriter()
                w.add("name", p.name)
                w.add("value", p.value)
                return w.finish()
            })
    }

    static func attemptsJSON(_ attempts: [TestAttempt]) -> String {
        JSONWriter.array(
            attempts.map { a in
                var w = JSONWriter()
                w.add("outcome", a.outcome.rawValue)
                w.add("source", a.source.rawValue)
                w.add("duration", a.duration)
                w.add("type", a.detail.type)
                w.add("message", a.detail.message)
                w.add("text", a.detail.text?.value)
                return w.finish()
            })
    }
}
