import HudrelayJUnit

/// The objects PyTorch's uploader writes for one workflow run attempt (`hud-format.md` §1.5, §2.1):
/// `test_run_summary/<run id>/<attempt>`, `failed_test_runs/…` and `test_run/…`, each the gzipped
/// JSON lines of its rows.
public enum HUDObjects {
    /// One object to write.
    public struct Object: Sendable, Hashable {
        /// The key, such as `test_run/17000000001/1`.
        public var key: String
        /// The gzipped body.
        public var gzip: [UInt8]
        /// The rows in it.
        public var rows: Int
    }

    /// The three objects of a workflow run attempt from its case rows; with `jobSuffix`, keys end
    /// in `/<job id>` so that jobs can be written as they finish.
    public static func objects(
        cases: [PyDict], workflowRunID: Int64, attempt: Int64, jobSuffix: Int64? = nil
    ) throws -> [Object] {
        let tail = "/\(workflowRunID)/\(attempt)" + (jobSuffix.map { "/\($0)" } ?? "")
        let collections: [(String, [PyDict])] = [
            ("test_run_summary", PyTorchRows.summary(cases)), ("failed_test_runs", PyTorchRows.failed(cases)),
            ("test_run", cases),
        ]
        return try collections.map { name, rows in
            Object(
                key: name + tail, gzip: try GzipDeflater.compress(Array(PyTorchRows.jsonLines(rows).utf8)),
                rows: rows.count)
        }
    }
}
