/// PyTorch's in-tree test rows (`test_run`, `failed_test_runs`, `test_run_summary`), made from a
/// JUnit report exactly as `tools/stats/upload_test_stats.py` makes them (see
/// `../shared/reference/hud-format.md` §1): one row per `<testcase>`, its attributes in document
/// order with Python's int-then-float coercion, `text`/`tail`, children by tag (repeated tags become
/// lists), a dotted classname split into `file` when `file` is missing, then `workflow_id`,
/// `workflow_run_attempt`, `job_id` and `invoking_file`.
public enum PyTorchRows {
    /// Where a report's rows come from in CI.
    public struct Origin: Sendable, Hashable {
        /// The workflow run's id (`workflow_id`).
        public var workflowID: Int64
        /// The workflow run's attempt.
        public var workflowRunAttempt: Int64
        /// The job's numeric id, or `nil` (`null`) when there is none.
        public var jobID: Int64?
        /// The sanitized dotted name of the file that ran the tests (`inductor.test_add`).
        public var invokingFile: String

        /// Creates an origin.
        public init(workflowID: Int64, workflowRunAttempt: Int64, jobID: Int64?, invokingFile: String) {
            self.workflowID = workflowID
            self.workflowRunAttempt = workflowRunAttempt
            self.jobID = jobID
            self.invokingFile = invokingFile
        }
    }

    /// The case rows of one report (uncompressed XML).
    public static func cases(report: [UInt8], origin: Origin) throws -> [PyDict] {
        try TestcaseReader.read(report).map { node in
            var row = node.pyDict
            sanitize(&row)
            row["workflow_id"] = .int(origin.workflowID)
            row["workflow_run_attempt"] = .int(origin.workflowRunAttempt)
            row["job_id"] = origin.jobID.map { .int($0) } ?? .null
            row["invoking_file"] = .string(origin.invokingFile)
            return row
        }
    }

    /// PyTorch's `sanitize_case_inplace`: a case without a `file` and with a dotted classname
    /// (`test.inductor.test_add.TestAdd`) gets `file` (`inductor/test_add.py`) and the bare class.
    static func sanitize(_ row: inout PyDict) {
        if let file = row["file"], truthy(file) { return }
        guard case .string(let classname)? = row["classname"], !classname.contains("\n"),
            let dot = classname.lastIndex(of: ".")
        else { return }
        var module = classname[..<dot]
        let bare = classname[classname.index(after: dot)...]
        if module.hasPrefix("test.") { module = module.dropFirst(5) }
        guard !module.isEmpty, !bare.isEmpty else { return }
        row["classname"] = .string(String(bare))
        row["file"] = .string(module.replacingOccurrences(of: ".", with: "/") + ".py")
    }

    /// Python truthiness of a value.
    static func truthy(_ v: PyValue) -> Bool {
        switch v {
        case .string(let s): return !s.isEmpty
        case .int(let i): return i != 0
        case .bigInt: return true
        case .float(let d): return d != 0
        case .null: return false
        case .bool(let b): return b
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.items.isEmpty
        }
    }

    /// The rows of `failed_test_runs`: cases with a `rerun`, `failure` or `error`.
    public static func failed(_ cases: [PyDict]) -> [PyDict] {
        cases.filter { $0.contains("rerun") || $0.contains("failure") || $0.contains("error") }
    }

    /// The rows of `test_run_summary`: per file, classname, job, workflow run and invoking file,
    /// in order of first appearance, the counts and the summed time.
    public static func summary(_ cases: [PyDict]) -> [PyDict] {
        var order: [[PyValue]] = []
        var rows: [[PyValue]: PyDict] = [:]
        for c in cases {
            let key = [
                c["file"] ?? .null, c["classname"] ?? .null, c["job_id"] ?? .null, c["workflow_id"] ?? .null,
                c["workflow_run_attempt"] ?? .null, c["invoking_file"] ?? .null,
            ]
            var row = rows[key] ?? initial(key)
            if rows[key] == nil { order.append(key) }
            row["tests"] = add(row["tests"], 1)
            let bucket =
                c.contains("failure")
                ? "failures" : c.contains("error") ? "errors" : c.contains("skipped") ? "skipped" : "successes"
            row[bucket] = add(row[bucket], 1)
            if case .float(let t)? = row["time"] {
                switch c["time"] {
                case .float(let x)?: row["time"] = .float(t + x)
                case .int(let x)?: row["time"] = .float(t + Double(x))
                default: break
                }
            }
            rows[key] = row
        }
        return order.map { rows[$0]! }
    }

    private static func initial(_ key: [PyValue]) -> PyDict {
        var d = PyDict()
        for (name, value) in zip(
            ["file", "classname", "job_id", "workflow_id", "workflow_run_attempt", "invoking_file"], key)
        {
            d[name] = value
        }
        for name in ["tests", "failures", "errors", "skipped", "successes"] { d[name] = .int(0) }
        d["time"] = .float(0)
        return d
    }

    private static func add(_ v: PyValue?, _ n: Int64) -> PyValue {
        if case .int(let i)? = v { return .int(i + n) }
        return .int(n)
    }

    /// Documents as the S3 objects hold them: `json.dumps` of each (NaN and infinities as
    /// strings), one per line, each line ended by a newline.
    public static func jsonLines(_ rows: [PyDict]) -> String {
        var out = ""
        for row in rows {
            PyJSON.write(PyValue.dict(row).removingNaNInf, into: &out)
            out += "\n"
        }
        return out
    }
}
