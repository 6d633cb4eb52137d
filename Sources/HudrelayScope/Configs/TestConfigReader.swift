import HudrelayJUnit
import Yams

/// Reads torch-spyre's test configs (`../shared/reference/torch-spyre-ci.md` §3): a
/// `test_suite_config` with `labels` and `files`, each file with a `path`, an
/// `unlisted_test_mode` (default `skip`) and `tests` entries of `names` and a `mode` (default
/// `mandatory_success`). `global`, `tags`, `edits` and other keys narrow variants, which coverage
/// of generic tests does not need; they are read past.
public struct TestConfigReader: Sendable {
    /// How `path` values become the `test/...` form reports' tests have.
    public var paths: TestPathRules

    /// A reader normalizing paths by `paths`.
    public init(paths: TestPathRules = TestPathRules()) { self.paths = paths }

    /// The file entries of one config; `file` names it in errors.
    ///
    /// - Throws: ``ScopeError`` (`bad_config`) with the line and column of the first problem.
    public func read(_ text: String, file: String) throws -> [ConfigFile] {
        let reader = YAMLReader(file: file, code: "bad_config")
        let root = try reader.root(text)
        let top = try reader.mapping(root, "a test config")
        guard let suiteNode = top["test_suite_config"] else {
            throw reader.fail(root, "a test config needs a test_suite_config: mapping")
        }
        let suite = try reader.mapping(suiteNode, "test_suite_config")
        let labels =
            try suite["labels"].map { try reader.list($0, "labels").map { try reader.text($0, "a label") } } ?? []
        guard let filesNode = suite["files"] else { throw reader.fail(suiteNode, "test_suite_config needs files:") }
        var out: [ConfigFile] = []
        for node in try reader.list(filesNode, "files") {
            let m = try reader.mapping(node, "a files entry")
            guard let pathNode = m["path"] else { throw reader.fail(node, "a files entry needs a path") }
            let raw = try reader.text(pathNode, "path")
            let unlisted = try m["unlisted_test_mode"].map { try mode($0, reader) } ?? .skip
            var entries: [ConfigEntry] = []
            for t in try m["tests"].map({ try reader.list($0, "tests") }) ?? [] {
                let e = try reader.mapping(t, "a tests entry")
                guard let namesNode = e["names"] else { throw reader.fail(t, "a tests entry needs names") }
                let names = try reader.list(namesNode, "names").map { EntryPattern(try reader.text($0, "a name")) }
                let entryMode = try e["mode"].map { try mode($0, reader) } ?? .mandatorySuccess
                entries.append(ConfigEntry(names: names, mode: entryMode))
            }
            let device = raw.hasPrefix("${TORCH_DEVICE_ROOT}") || raw.hasPrefix("${TORCH_SPYRE}")
            out.append(
                ConfigFile(
                    source: file, path: paths.normalize(raw), origin: device ? "device" : "pytorch",
                    unlistedMode: unlisted, labels: labels, entries: entries))
        }
        return out
    }

    private func mode(_ node: Node, _ reader: YAMLReader) throws -> TestMode {
        let s = try reader.text(node, "mode")
        guard let m = TestMode(rawValue: s) else {
            let known = TestMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.fail(node, "unknown mode \(s) (known: \(known))")
        }
        return m
    }
}
