import Foundation

/// One query or path parameter of an operation as the contract declares it, and the check a value
/// sent for it must pass before the generated code decodes it.
///
/// The generated decoders take `007` and `+7` as 7 and fail on `abc` without naming the
/// parameter; this check keeps the API strict and names the parameter and its problem code.
struct ParameterRule: Sendable {
    /// What a value must be.
    enum Kind: Sendable {
        /// A decimal whole number in the range: an optional `-`, then `0` or digits without a
        /// leading zero.
        case integer(ClosedRange<Int64>)
        /// A decimal number in the range (no `inf`, `nan` or hex floats).
        case number(ClosedRange<Double>)
        /// Text: one of `choices` when set, matching `pattern` when set, a UUID when `uuid`.
        case string(choices: [String]?, pattern: Pattern?, uuid: Bool)
    }

    /// The parameter's name.
    var name: String
    /// `query` or `path`.
    var location: String
    /// What its value must be.
    var kind: Kind
    /// The problem's code when the value is bad (`x-problem-code`, else `bad_parameter`).
    var code: String
    /// The problem's detail (`x-problem-detail`, where `{value}` is what was sent), or `nil` for
    /// the one this rule writes.
    var detail: String?
    /// Whether a request must send it.
    var required = false

    /// Why `value` is not acceptable (a problem detail), or `nil` when it is.
    func fault(_ value: String) -> String? {
        if accepts(value) { return nil }
        let shown = QueryValue.shown(value)
        if let detail { return detail.replacingOccurrences(of: "{value}", with: shown) }
        switch kind {
        case .integer(let range):
            return "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(shown)'"
        case .number(let range):
            return
                "\(name) must be a number from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound)), got '\(shown)'"
        case .string(let choices?, _, _):
            return "\(name) is one of \(choices.joined(separator: ", ")), got '\(shown)'"
        case .string(_, let pattern?, _):
            return "\(name) must match \(pattern.source), got '\(shown)'"
        case .string:
            return "\(name) must be a UUID such as 8f3c3a0e-0000-4000-8000-000000000000, got '\(shown)'"
        }
    }

    /// Whether `value` passes.
    func accepts(_ value: String) -> Bool {
        switch kind {
        case .integer(let range):
            guard let n = QueryValue.integer(value) else { return false }
            return range.contains(n)
        case .number(let range):
            let decimal =
                !value.isEmpty && value.utf8.allSatisfy { (48...57).contains($0) || "+-.eE".utf8.contains($0) }
            guard decimal, let n = Double(value) else { return false }
            return range.contains(n)
        case .string(let choices, let pattern, let uuid):
            if let choices, !choices.contains(value) { return false }
            if let pattern, !pattern.matches(value) { return false }
            if uuid, value.utf8.count != 36 || UUID(uuidString: value) == nil { return false }
            return true
        }
    }

    /// A bound as a person writes it: `60`, not `60.0`.
    private static func plain(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}

/// A parameter's `pattern`, compiled once.
struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from many threads.
    /// The pattern as the contract writes it.
    let source: String
    private let regex: NSRegularExpression

    /// Compiles `source` (ICU syntax, which reads JSON Schema's `\u0000` escapes).
    init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source)
    }

    /// Whether the pattern matches somewhere in `value` (JSON Schema patterns are not anchored
    /// unless they say so).
    func matches(_ value: String) -> Bool {
        regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }
}
