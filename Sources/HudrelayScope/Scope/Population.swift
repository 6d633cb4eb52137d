import HudrelayJUnit

/// The tests a scope counts from: the output of `pytest --collect-only -q` (one node id per line,
/// `test/test_x.py::Class::method`), each taken to its generic test (instantiated and
/// parametrized ids of one generic test are one). Lines that are no node id (pytest's summary,
/// warnings, `ERROR` lines) are read past.
public struct Population: Sendable {
    /// The generic tests, each once, in the file's order.
    public var tests: [GenericTestID]

    /// Reads a population file; `file` names it in errors.
    ///
    /// - Throws: ``ScopeError`` (`bad_population`) when no line holds a node id.
    public init(text: String, file: String, paths: TestPathRules = TestPathRules()) throws {
        var seen = Set<String>()
        var tests: [GenericTestID] = []
        var lines = 0
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmed
            guard !line.isEmpty else { continue }
            lines += 1
            guard let test = Self.nodeID(line, paths: paths) else { continue }
            if seen.insert(test.id).inserted { tests.append(test) }
        }
        guard !tests.isEmpty else {
            throw ScopeError(
                code: "bad_population", file: file, line: lines > 0 ? 1 : 0,
                "no test ids in \(lines) lines; the population is the output of pytest --collect-only -q "
                    + "(lines like test/test_ops.py::TestCommon::test_out)")
        }
        self.tests = tests
    }

    /// The generic test of one node id, `nil` when the line is none.
    static func nodeID(_ line: String, paths: TestPathRules) -> GenericTestID? {
        guard !line.contains(" "), line.contains("::") else { return nil }
        var id = Substring(line)
        if id.hasSuffix("]"), let open = id.firstIndex(of: "[") { id = id[..<open] }
        let parts = id.components(separatedBy: "::")
        guard parts.count >= 2, parts[0].hasSuffix(".py"), let method = parts.last, !method.isEmpty else { return nil }
        let cls = parts.count > 2 ? parts[parts.count - 2] : ""
        return GenericTestID(path: paths.normalize(parts[0]), classname: cls, name: method)
    }
}
