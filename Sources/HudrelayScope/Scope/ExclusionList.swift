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
        /// For a `::` pattern, its file part (before the first `::`) as a glob, when it is one.
        let fileRegex: Regex<AnyRegexOutput>?

        /// Whether the rule can match a test of `file`: a file pattern that matches it, or a `::`
        /// pattern whose file part does.
        func concerns(file: String) -> Bool {
            guard pattern.contains("::") else { return matches(file) }
            let part = String(pattern[..<pattern.range(of: "::")!.lowerBound])
            if let fileRegex { return (try? fileRegex.wholeMatch(in: file)) != nil }
            return part.hasSuffix("/") ? file.hasPrefix(part) : part == file
        }

        /// Whether the rule matches `subject` (a file, or a generic id for a `::` pattern).
        func matches(_ subject: String) -> Bool {
            if let regex { return (try? regex.wholeMatch(in: subject)) != nil }
            if pattern.hasSuffix("/") { return subject.hasPrefix(pattern) }
            return subject == pattern
        }
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
            var fileRegex: Regex<AnyRegexOutput>?
            if let sep = pattern.range(of: "::") {
                let part = pattern[..<sep.lowerBound]
                if part.contains(where: { "*?[".contains($0) }) {
                    fileRegex = try? Regex(EntryPattern.globExpression(String(part)))
                }
            }
            rules.append(Rule(pattern: pattern, reason: reason, line: i + 1, regex: regex, fileRegex: fileRegex))
        }
        self.rules = rules
    }

    /// The rule that puts `test` out of scope, if any.
    public func rule(for test: GenericTestID) -> Rule? {
        forFile(test.file ?? "").rule(for: test)
    }

    /// The rules that can concern tests of `file`, each matched against the file once: a caller
    /// resolving many tests of one file keeps this and asks it per test.
    public func forFile(_ file: String) -> FileExclusions {
        FileExclusions(rules: rules.filter { $0.concerns(file: file) })
    }

    /// The rules of an ``ExclusionList`` that can concern one file's tests, in order.
    public struct FileExclusions {
        let rules: [Rule]

        /// The first rule that puts `test`, a test of the file, out of scope.
        public func rule(for test: GenericTestID) -> Rule? {
            var id: String?
            return rules.first { rule in
                guard rule.pattern.contains("::") else { return true }
                if id == nil { id = test.id }
                return rule.matches(id!)
            }
        }
    }
}
