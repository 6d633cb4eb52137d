import HudrelayJUnit

/// Tests out of scope, one pattern a line with its reason after `#`:
///
/// ```text
/// test/nn/test_embedding.py            # training
/// test/test_cuda*.py                   # CUDA-specific
/// test/test_nn.py::TestNN::test_*cuda* # CUDA-specific
/// ```
///
/// A pattern without `::` is a file glob matched against the test's file (`*` also crosses `/`,
/// as Python's fnmatch; a pattern ending in `/` is the whole directory); one with `::` is matched
/// against the generic id `file::Class::method`. The first pattern that matches gives the reason.
public struct ExclusionList {
    /// One pattern.
    public struct Rule {
        /// The pattern as written.
        public var pattern: String
        /// The reason after `#` ("" when none).
        public var reason: String
        /// Its line, from 1.
        public var line: Int
        let regex: Regex<AnyRegexOutput>?
    }

    /// The rules, in order.
    public var rules: [Rule]

    /// No exclusions.
    public init() { rules = [] }

    /// Reads an exclusions file; `file` names it in errors.
    ///
    /// - Throws: ``ScopeError`` (`bad_exclusions`) naming the line of a pattern that is not one.
    public init(text: String, file: String) throws {
        var rules: [Rule] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var body = Substring(raw)
            var reason = ""
            if let hash = body.firstIndex(of: "#") {
                reason = body[body.index(after: hash)...].trimmed
                body = body[..<hash]
            }
            let pattern = body.trimmed
            guard !pattern.isEmpty else { continue }
            guard !pattern.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw ScopeError(
                    code: "bad_exclusions", file: file, line: i + 1, column: 1,
                    "a line is one pattern, then # and the reason: \(pattern)")
            }
            var regex: Regex<AnyRegexOutput>?
            if pattern.contains(where: { "*?[".contains($0) }) {
                guard let r = try? Regex(EntryPattern.globExpression(pattern)) else {
                    throw ScopeError(
                        code: "bad_exclusions", file: file, line: i + 1, column: 1, "not a glob: \(pattern)")
                }
                regex = r
            }
            rules.append(Rule(pattern: pattern, reason: reason, line: i + 1, regex: regex))
        }
        self.rules = rules
    }

    /// The rule that puts `test` out of scope, if any.
    public func rule(for test: GenericTestID) -> Rule? {
        let file = test.file ?? ""
        let id = test.id
        return rules.first { rule in
            let subject = rule.pattern.contains("::") ? id : file
            if let regex = rule.regex { return (try? regex.wholeMatch(in: subject)) != nil }
            if rule.pattern.hasSuffix("/") { return subject.hasPrefix(rule.pattern) }
            return subject == rule.pattern
        }
    }
}
