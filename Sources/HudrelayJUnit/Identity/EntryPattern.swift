/// One name of a test config's entry, compiled once (docs/junit.md, rule 13): `Class::method` or a
/// bare method, each part a plain name, a regular expression matched in full
/// (`TestOps::test_rope_fms_.*`) or, where the text is no valid expression, a glob
/// (`*TestModule*::test_forward`). A part that is neither is compared as text.
public struct EntryPattern {
    /// The entry as the config wrote it.
    public let text: String
    /// Whether it names exactly one generic test (no expression or glob in it).
    public var isLiteral: Bool { classPart.isLiteral && methodPart.isLiteral }
    /// The class part, empty when the entry names a bare method.
    public var literalClass: String { classPart.literal ?? "" }
    /// The method part as written.
    public var literalMethod: String { methodPart.literal ?? "" }
    private let classPart: Part
    private let methodPart: Part

    /// Compiles `entry`.
    public init(_ entry: String) {
        text = entry
        if let sep = entry.lastRange(of: "::") {
            let cls = entry[..<sep.lowerBound]
            classPart = Part(cls.split(separator: ":").last.map(String.init) ?? "")
            methodPart = Part(String(entry[sep.upperBound...]))
        } else {
            classPart = .any
            methodPart = Part(entry)
        }
    }

    /// Whether the entry names `test`: its class (when the entry has one) and its generic method, or
    /// the method with its op still on (an OpInfo test whose report has no `op` tag).
    public func matches(_ test: GenericTestID) -> Bool {
        classPart.matches(test.classname) && (methodPart.matches(test.method) || methodPart.matches(test.stem))
    }

    private enum Part {
        case any
        case literal(String)
        case pattern(String, Regex<AnyRegexOutput>)

        init(_ text: String) {
            guard text.contains(where: { "\\.*+?[](){}|^$".contains($0) }) else {
                self = .literal(text)
                return
            }
            if let regex = try? Regex(text) {
                self = .pattern(text, regex)
            } else if let regex = try? Regex(EntryPattern.globExpression(text)) {
                self = .pattern(text, regex)
            } else {
                self = .literal(text)
            }
        }

        var isLiteral: Bool {
            if case .pattern = self { return false }
            return true
        }

        var literal: String? {
            switch self {
            case .any: ""
            case .literal(let s), .pattern(let s, _): s
            }
        }

        func matches(_ s: String) -> Bool {
            switch self {
            case .any: true
            case .literal(let l): l == s
            case .pattern(let l, let regex): l == s || (try? regex.wholeMatch(in: s)) != nil
            }
        }
    }

    /// A glob (`*`, `?`, `[...]`) as an expression.
    public static func globExpression(_ glob: String) -> String {
        var out = ""
        for c in glob {
            switch c {
            case "*": out += ".*"
            case "?": out += "."
            case "[", "]": out.append(c)
            default: out += "\\.+()|^${}".contains(c) ? "\\\(c)" : String(c)
            }
        }
        return out
    }
}
