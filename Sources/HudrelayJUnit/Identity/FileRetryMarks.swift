/// torch-spyre's whole-file retry marks on a test case (`result.*` properties), read into the
/// test's attempts (docs/junit.md, rule 14).
///
/// - `result.prior_status` = `failed` | `error` (with `result.prior_message`): a failed attempt
///   before every attempt of this report, source `prior_report`;
/// - `result.reruns` = N: in-suite reruns; where the report's own attempt elements count fewer
///   failed attempts than N, failed attempts of source `reruns_property` make up the difference;
/// - `result.retried` (kinds, comma-joined) and `result.not_rerun` (a kind) are read by
///   ``TestRecord/retried`` and ``TestRecord/notRerun``.
public enum FileRetryMarks {
    /// The property names.
    public static let priorStatus = "result.prior_status"
    /// The replaced report's message.
    public static let priorMessage = "result.prior_message"
    /// The in-suite rerun count.
    public static let reruns = "result.reruns"
    /// The retry kinds.
    public static let retried = "result.retried"
    /// The kind of a carried-over outcome.
    public static let notRerun = "result.not_rerun"

    /// Adds the attempts the marks stand for to `test` (whose properties hold them).
    static func apply(to test: inout TestRecord) {
        let properties = test.properties
        var prior: TestAttempt?
        var reruns: Int?
        var message: String?
        for p in properties {
            switch p.name {
            case priorStatus:
                switch p.value.trimmingSpaces {
                case "failed", "failure": prior = TestAttempt(outcome: .failed, source: .priorReport)
                case "error": prior = TestAttempt(outcome: .error, source: .priorReport)
                default: break
                }
            case priorMessage: message = p.value
            case Self.reruns:
                if let n = Int(p.value.trimmingSpaces), n > 0 { reruns = min(n, 1_000) }
            default: break
            }
        }
        guard prior != nil || reruns != nil else { return }
        var attempts = test.priorAttempts
        if let n = reruns {
            let counted = attempts.reduce(0) { $0 + ($1.outcome.isFailure ? 1 : 0) }
            if n > counted {
                attempts += Array(repeating: TestAttempt(outcome: .failed, source: .rerunsProperty), count: n - counted)
            }
        }
        if var prior {
            prior.detail = ResultDetail(type: nil, message: message.flatMap { $0.isEmpty ? nil : $0 }, text: nil)
            attempts.insert(prior, at: 0)
        }
        test.priorAttempts = attempts
    }
}

extension TestRecord {
    /// torch-spyre's retry kinds for this test's file (`result.retried`: `signal`, `stall`, `pod`,
    /// innermost first); empty when the file was not retried.
    public var retried: [String] {
        guard hasProperties, let value = properties.last(where: { $0.name == FileRetryMarks.retried })?.value else {
            return []
        }
        return value.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// The retry kind when this outcome was carried over from the replaced report
    /// (`result.not_rerun`), else `nil`.
    public var notRerun: String? {
        guard hasProperties, let value = properties.last(where: { $0.name == FileRetryMarks.notRerun })?.value else {
            return nil
        }
        let kind = value.trimmingSpaces
        return kind.isEmpty ? "unknown" : kind
    }

    /// The failed attempt in the report a whole-file retry replaced, if the marks record one.
    public var priorReportFailure: TestAttempt? {
        priorAttempts.first { $0.source == .priorReport }
    }

    /// The `tag` properties by namespace.
    public var tags: TestTags { TestTags(hasProperties ? properties : []) }

    /// The normalized path of the test's file: a file written in the report by `rules`; a file
    /// derived from a dotted classname as its whole module path (`test.test_ops.TestOps` →
    /// `test/test_ops.py`, where PyTorch's ``file`` rule drops the `test.`).
    public func path(rules: TestPathRules) -> String? {
        guard let file else { return nil }
        guard fileDerived, let dot = classname.lastIndex(of: ".") else { return rules.normalize(file) }
        return rules.normalize(String(classname[..<dot].map { $0 == "." ? "/" : $0 }) + ".py")
    }

    /// The generic test (``GenericTestID``), with the file normalized by `rules`.
    public func genericTest(rules: TestPathRules) -> GenericTestID {
        GenericTestID(path: path(rules: rules), classname: classname, name: name, ops: tags["op"])
    }
}
