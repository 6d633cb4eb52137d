import Foundation
import HudrelayJUnit

/// Builds the three objects of a workflow run (or job) from its reports, writing each case row's
/// `json.dumps` line once, straight from the parsed element (``RowsJSON``): `test_run` gets every
/// line, `failed_test_runs` the lines of cases with a `rerun`, `failure` or `error`, and the
/// `test_run_summary` counts are kept as the rows go by.
public struct RowsBuilder: Sendable {
    /// Rerun-aware rows (``RerunRows``) or exactly PyTorch's (``PyTorchRows``).
    public let rerunAware: Bool
    private(set) var testRun: [UInt8] = []
    private(set) var failed: [UInt8] = []
    private(set) var cases = 0
    private(set) var failedCases = 0
    private var summaryKeys: [[PyValue]] = []
    private var summaryRowsData: [(counts: [Int64], time: Double)] = []
    private var summaryIndex: [[PyValue]: Int] = [:]

    /// An empty builder.
    public init(rerunAware: Bool) {
        self.rerunAware = rerunAware
    }

    /// Adds the rows of one report (uncompressed XML). A large report's rows are written on two
    /// threads, each half into its own buffer, joined in order.
    public mutating func add(report: [UInt8], origin: PyTorchRows.Origin) throws {
        let nodes = Nodes(nodes: rerunAware ? try RerunRows.nodes(report: report) : try TestcaseReader.read(report))
        let suffix = RowsJSON.originSuffix(origin)
        let n = nodes.nodes.count
        let chunks: [Chunk]
        if n >= 20_000 {
            let second = Thread.runDetached { Self.write(nodes, n / 2..<n, origin: origin, suffix: suffix) }
            chunks = [Self.write(nodes, 0..<n / 2, origin: origin, suffix: suffix), try second.value()]
        } else {
            chunks = [Self.write(nodes, 0..<n, origin: origin, suffix: suffix)]
        }
        // The elements are freed on a thread of their own while the rows are joined.
        Thread.detachNewThread { withExtendedLifetime(nodes) {} }
        let job: PyValue = origin.jobID.map { .int($0) } ?? .null
        for chunk in chunks {
            testRun.append(contentsOf: chunk.testRun)
            failed.append(contentsOf: chunk.failed)
            failedCases += chunk.failedCases
            cases += chunk.cases.count
            let global = chunk.keys.map { key -> Int in
                let full: [PyValue] = [
                    key.file, key.classname, job, .int(origin.workflowID), .int(origin.workflowRunAttempt),
                    .string(origin.invokingFile),
                ]
                if let found = summaryIndex[full] { return found }
                summaryKeys.append(full)
                summaryRowsData.append((counts: [0, 0, 0, 0, 0], time: 0))
                summaryIndex[full] = summaryKeys.count - 1
                return summaryKeys.count - 1
            }
            // Counted and summed in case order, as Python does.
            for c in chunk.cases {
                let i = global[Int(c.key)]
                summaryRowsData[i].counts[0] += 1
                summaryRowsData[i].counts[Int(c.bucket)] += 1
                summaryRowsData[i].time += c.time
            }
        }
    }

    /// A summary key within a report: the case's file and classname.
    struct LocalKey: Hashable, Sendable {
        var file: PyValue
        var classname: PyValue
    }

    /// What the summary needs of a case.
    struct CaseInfo: Sendable {
        /// The index of its key in the chunk's keys.
        var key: Int32
        /// 1 failures, 2 errors, 3 skipped, 4 successes.
        var bucket: UInt8
        /// Its time (0 when it has none that Python would add).
        var time: Double
    }

    /// The rows of consecutive cases.
    struct Chunk: Sendable {
        var testRun: [UInt8] = []
        var failed: [UInt8] = []
        var failedCases = 0
        var cases: [CaseInfo] = []
        var keys: [LocalKey] = []
    }

    /// Elements shared with another thread, which only reads them.
    struct Nodes: @unchecked Sendable {
        let nodes: [XMLNode]
    }

    static func write(_ all: Nodes, _ range: Range<Int>, origin: PyTorchRows.Origin, suffix: [UInt8]) -> Chunk {
        var chunk = Chunk()
        chunk.testRun.reserveCapacity(range.count * 320)
        chunk.cases.reserveCapacity(range.count)
        var index: [LocalKey: Int32] = [:]
        for node in all.nodes[range] {
            let entries = RowsJSON.caseEntries(node)
            let start = chunk.testRun.count
            RowsJSON.writeCase(entries, origin: origin, suffix: suffix, into: &chunk.testRun)
            chunk.testRun.append(0x0A)
            var has: (failure: Bool, error: Bool, skipped: Bool, rerun: Bool) = (false, false, false, false)
            var key = LocalKey(file: .null, classname: .null)
            var time = 0.0
            for (k, v) in entries {
                switch k {
                case "failure": has.failure = true
                case "error": has.error = true
                case "skipped": has.skipped = true
                case "rerun": has.rerun = true
                case "file": key.file = RowsJSON.pyValue(v)
                case "classname": key.classname = RowsJSON.pyValue(v)
                case "time":
                    switch RowsJSON.pyValue(v) {
                    case .float(let x): time = x
                    case .int(let x): time = Double(x)
                    default: break
                    }
                default: break
                }
            }
            if has.rerun || has.failure || has.error {
                chunk.failed.append(contentsOf: chunk.testRun[start...])
                chunk.failedCases += 1
            }
            // Cases of one class come together: the last key is usually the one.
            let k: Int32
            if let last = chunk.keys.last, last == key {
                k = Int32(chunk.keys.count - 1)
            } else if let found = index[key] {
                k = found
            } else {
                k = Int32(chunk.keys.count)
                chunk.keys.append(key)
                index[key] = k
            }
            chunk.cases.append(
                CaseInfo(key: k, bucket: has.failure ? 1 : has.error ? 2 : has.skipped ? 3 : 4, time: time))
        }
        return chunk
    }

    /// The `test_run_summary` rows.
    var summaryRows: [PyDict] {
        zip(summaryKeys, summaryRowsData).map { key, row in
            var d = PyDict()
            for (name, value) in zip(
                ["file", "classname", "job_id", "workflow_id", "workflow_run_attempt", "invoking_file"], key)
            {
                d[name] = value
            }
            for (name, n) in zip(["tests", "failures", "errors", "skipped", "successes"], row.counts) {
                d[name] = .int(n)
            }
            d["time"] = .float(row.time)
            return d
        }
    }

    /// The case rows as `json.dumps` lines (what `test_run` holds).
    public var caseLines: [UInt8] { testRun }

    /// The three objects, keyed `<collection>/<run id>/<attempt>[/<job id>]`, gzipped at `level`
    /// (1: fastest; any level is the same text). `test_run` is compressed on two threads
    /// (``ParallelGzip``).
    public func objects(
        workflowRunID: Int64, attempt: Int64, jobSuffix: Int64? = nil, level: Int32 = 1
    ) throws
        -> [HUDObjects.Object]
    {
        let tail = "/\(workflowRunID)/\(attempt)" + (jobSuffix.map { "/\($0)" } ?? "")
        let testRun = self.testRun
        let summaryText = Array(PyTorchRows.jsonLines(summaryRows).utf8)
        let smallSummary = try GzipDeflater.compress(summaryText, level: level)
        let smallFailed = try GzipDeflater.compress(failed, level: level)
        let big = try ParallelGzip.compress(testRun, level: level)
        return [
            .init(key: "test_run_summary" + tail, gzip: smallSummary, rows: summaryKeys.count),
            .init(key: "failed_test_runs" + tail, gzip: smallFailed, rows: failedCases),
            .init(key: "test_run" + tail, gzip: big, rows: cases),
        ]
    }
}

extension Thread {
    /// Runs `body` on a new thread; `value()` waits for its result.
    static func runDetached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) -> DetachedResult<T> {
        let result = DetachedResult<T>()
        Thread { result.set(Result { try body() }) }.start()
        return result
    }
}

/// The result of ``Thread/runDetached(_:)``.
final class DetachedResult<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func set(_ r: Result<T, any Error>) {
        condition.lock()
        result = r
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the result.
    func value() throws -> T {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
