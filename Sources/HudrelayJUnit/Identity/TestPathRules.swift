/// How a test file's path, as a checkout wrote it, becomes the `test/...` form that one test keeps
/// whichever checkout ran it (docs/junit.md, rule 12).
///
/// In order: backslashes become `/`; the first configured prefix that the path starts with is cut
/// (by default torch-spyre's `${TORCH_ROOT}/` and `${TORCH_DEVICE_ROOT}/`); `.` and `dir/..`
/// segments are removed. A path that is absolute, climbs out of its directory (`../`) or runs
/// through `site-packages/` (or `dist-packages/`) is then cut to start at its first directory named
/// like an anchor (`test`, `tests`) after the last such packages folder; with no anchor, a packages
/// path keeps what follows the packages folder, and any other path stays as it is. A plain relative
/// path (`test/test_ops.py`, `src/test/java/…`) is never re-anchored.
public struct TestPathRules: Sendable, Hashable {
    /// Prefixes cut from the front of a path, the first that matches.
    public var prefixes: [String]
    /// Directory names a re-anchored path starts at.
    public var anchors: [String]

    /// torch-spyre's config variables.
    public static let defaultPrefixes = ["${TORCH_ROOT}/", "${TORCH_DEVICE_ROOT}/"]
    /// The directories PyTorch and torch-spyre keep their tests in.
    public static let defaultAnchors = ["test", "tests"]

    /// Creates rules; the defaults are torch-spyre's.
    public init(prefixes: [String] = Self.defaultPrefixes, anchors: [String] = Self.defaultAnchors) {
        self.prefixes = prefixes
        self.anchors = anchors
    }

    /// The normalized form of `path`.
    public func normalize(_ path: String) -> String {
        var p = path.contains("\\") ? String(path.map { $0 == "\\" ? "/" : $0 }) : path
        if let prefix = prefixes.first(where: { !$0.isEmpty && p.hasPrefix($0) }) { p.removeFirst(prefix.count) }
        let absolute = p.hasPrefix("/")
        var segments: [Substring] = []
        for s in p.split(separator: "/", omittingEmptySubsequences: true) {
            if s == "." { continue }
            if s == "..", let last = segments.last, last != ".." {
                segments.removeLast()
                continue
            }
            if s == ".." && absolute { continue }
            segments.append(s)
        }
        guard !segments.isEmpty else { return p }
        let packages = segments.lastIndex { $0 == "site-packages" || $0 == "dist-packages" }
        let climbs = segments.first == ".."
        if absolute || climbs || packages != nil {
            let from = packages.map { $0 + 1 } ?? 0
            let dirs = segments.index(before: segments.endIndex)
            if from < dirs, let anchor = segments[from..<dirs].firstIndex(where: { anchors.contains(String($0)) }) {
                return segments[anchor...].joined(separator: "/")
            }
            if let packages, packages + 1 < segments.count {
                return segments[(packages + 1)...].joined(separator: "/")
            }
        }
        return (absolute ? "/" : "") + segments.joined(separator: "/")
    }
}
