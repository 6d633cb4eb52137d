/// The objects PyTorch's uploader writes for one workflow run attempt (`hud-format.md` §1.5, §2.1):
/// `test_run_summary/<run id>/<attempt>`, `failed_test_runs/…` and `test_run/…`, each the gzipped
/// JSON lines of its rows. ``RowsBuilder`` makes them.
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
}
