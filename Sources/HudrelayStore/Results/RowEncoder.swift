import Foundation
import HudrelayJUnit
import NIOCore

/// Encodes one upload's parsed tests as rows of `results` (and, for tests the worker does not know
/// yet, of their temporary table) in PostgreSQL's COPY text format, handing them out in chunks as the
/// report is parsed.
public struct RowEncoder: Sendable {
    /// The columns of `results`, in the order rows are written.
    static let columns = [
        "recorded_at", "upload_id", "ordinal", "job_id", "test_id", "outcome", "duration_s", "reruns", "flaky",
        "failure_type", "failure_message", "failure_text", "failure_text_length", "properties", "attempts",
        "retried", "prior_status",
    ]
    /// The columns of the new tests' temporary table, in order.
    static let testColumns = ["id", "repo", "file", "classname", "name", "generic_id"]

    private let uploadID: String
    private let repo: String
    /// The ids known when the upload was claimed (a copy-on-write snapshot: no lock per test).
    private let knownIDs: Set<Int64>
    private let prefix: [UInt8]
    private let job: String
    private var results: [UInt8] = []
    /// New tests not handed out yet (id, file, classname, name, generic id), and about how many bytes
    /// their rows take.
    private var tests: [(Int64, String, String, String, String)] = []
    private var testBytes = 0
    /// Ids of the tests the worker did not know, each once.
    public private(set) var newTests: [Int64] = []
    private var newSet: Set<Int64> = []
    /// Rows so far.
    public private(set) var count = 0
    /// The first `platform__` tag of the report's tests: the job's architecture when no upload
    /// named one.
    public private(set) var architecture: String?
    private let paths: TestPathRules
    /// The normalized path of the last (file, classname) seen: a report's tests come in runs of one file.
    private var lastPath: (file: String?, classname: String, path: String) = (nil, "", "")

    /// Starts the rows of a claimed upload; `paths` normalizes the tests' files.
    public init(claim: ClaimedUpload, known: KnownTests, paths: TestPathRules = TestPathRules()) {
        self.paths = paths
        uploadID = claim.id.uuidString.lowercased()
        repo = claim.repo
        knownIDs = known.snapshot
        var prefix: [UInt8] = []
        CopyText.field(claim.recordedAt, into: &prefix)
        CopyText.field(uploadID, into: &prefix)
        self.prefix = prefix
        job = String(claim.jobID)
        results.reserveCapacity((1 << 20) + (64 << 10))
    }

    /// Adds one test.
    public mutating func append(_ test: TestRecord) {
        let file = path(of: test)
        let id = TestID.make(repo: repo, file: file, classname: test.classname, name: test.name)
        let properties = test.properties
        if !knownIDs.contains(id), newSet.insert(id).inserted {
            newTests.append(id)
            // Once per new test, by the record's own rule (its path and `op` tags).
            let generic = test.genericTest(rules: paths).id
            tests.append((id, file, test.classname, test.name, generic))
            testBytes +=
                30 + repo.utf8.count + file.utf8.count + test.classname.utf8.count + test.name.utf8.count
                + generic.utf8.count
        }
        if architecture == nil, !properties.isEmpty { architecture = TestTags(properties)["platform"].first }
        results.append(contentsOf: prefix)
        CopyText.field(Int64(count), into: &results)
        CopyText.field(job, into: &results)
        CopyText.field(id, into: &results)
        CopyText.field(test.outcome.rawValue, into: &results)
        CopyText.field(test.duration.map { String($0) }, into: &results)
        CopyText.field(Int64(test.reruns), into: &results)
        CopyText.field(test.isFlaky ? "t" : "f", into: &results)
        let detail = test.detail
        CopyText.field(detail.type, into: &results)
        CopyText.field(detail.message, into: &results)
        CopyText.field(detail.text?.value, into: &results)
        CopyText.field(detail.text.map { String($0.originalLength) }, into: &results)
        CopyText.field(test.properties.isEmpty ? nil : Self.propertiesJSON(test.properties), into: &results)
        CopyText.field(
            test.priorAttempts.isEmpty ? nil : Self.attemptsJSON(test.attempts), into: &results)
        let retried = properties.isEmpty ? [] : test.retried
        CopyText.field(retried.isEmpty ? nil : retried.joined(separator: ","), into: &results)
        CopyText.field(
            properties.isEmpty ? nil : test.priorReportFailure?.outcome.rawValue, into: &results, last: true)
        count += 1
    }

    /// The test's file in its normalized form (`TestPathRules`), '' when it has none.
    private mutating func path(of test: TestRecord) -> String {
        guard let file = test.file else { return "" }
        if lastPath.file == file && (!test.fileDerived || lastPath.classname == test.classname) { return lastPath.path }
        let normalized = test.path(rules: paths) ?? ""
        lastPath = (file, test.classname, normalized)
        return normalized
    }

    /// The `results` rows encoded since the last call, once there are at least `minimum` bytes.
    public mutating func takeResults(minimum: Int = 1 << 20) -> ByteBuffer? {
        guard results.count >= max(1, minimum) else { return nil }
        defer { results.removeAll(keepingCapacity: true) }
        return ByteBuffer(bytes: results)
    }

    /// The rows of the new tests found since the last call, once they take about `minimum` bytes,
    /// in the order of their ids: the primary key of `tests` then grows in runs instead of at
    /// random places (test ids are hashes), which costs PostgreSQL about a quarter less.
    public mutating func takeTests(minimum: Int = 1 << 20) -> ByteBuffer? {
        guard !tests.isEmpty, testBytes >= minimum else { return nil }
        tests.sort { $0.0 < $1.0 }
        var rows: [UInt8] = []
        rows.reserveCapacity(testBytes)
        for (id, file, classname, name, generic) in tests {
            CopyText.field(id, into: &rows)
            CopyText.field(repo, into: &rows)
            CopyText.field(file, into: &rows)
            CopyText.field(classname, into: &rows)
            CopyText.field(name, into: &rows)
            CopyText.field(generic, into: &rows, last: true)
        }
        tests.removeAll(keepingCapacity: true)
        testBytes = 0
        return ByteBuffer(bytes: rows)
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
