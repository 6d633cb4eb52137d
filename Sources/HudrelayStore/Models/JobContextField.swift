/// One field of the job context: its name (the query parameter, the JSON member, the CLI flag
/// without dashes), what it holds and its limit. ``JobContext/fields`` is the one list every
/// reader and writer of a context goes through: the upload's query parameters, the JSON body,
/// `hudrelay upload`'s options and the CI environment reader; the contract's `JobContext` schema
/// and the upload's parameters are checked against it (`JobContextContractTests`).
public struct JobContextField: Sendable, Hashable {
    /// What a field holds.
    public enum Kind: Sendable, Hashable {
        /// Text of at most this many characters (Unicode scalars, as JSON Schema's `maxLength`
        /// counts them), with no NUL byte.
        case text(maxLength: Int)
        /// A whole number in the range.
        case number(ClosedRange<Int>)
        /// One of the given words.
        case choice([String])
        /// A moment in RFC 3339 (`2026-12-01T08:30:00Z`, an offset or fractional seconds allowed).
        case timestamp

        /// Whether values are whole numbers.
        public var isNumber: Bool {
            if case .number = self { return true }
            return false
        }
    }

    /// The field.
    public var key: JobContext.CodingKeys
    /// What it holds.
    public var kind: Kind
    /// Whether every context has it (`repo`, `sha`).
    public var required: Bool
    /// What it is, in a few words (the contract's description, the CLI's help).
    public var summary: String

    /// Its name: the query parameter and JSON member (`card_type`).
    public var name: String { key.rawValue }
    /// Its CLI flag (`--card-type`).
    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    /// Why `value` (as sent, in text) cannot be this field's, or `nil` when it can.
    public func fault(_ value: String) -> String? {
        switch kind {
        case .text(let max):
            if required && value.isEmpty { return "\(name) is required (\(summary))" }
            if value.unicodeScalars.count > max { return "\(name) is longer than \(max) characters" }
            if value.utf8.contains(0) { return "\(name) holds a NUL byte, which hudrelay does not store" }
            return nil
        case .choice(let words):
            if words.contains(value) { return nil }
            return "\(name) must be one of \(words.joined(separator: ", ")), got '\(value.prefix(64))'"
        case .timestamp:
            if RFC3339.date(value) != nil { return nil }
            return "\(name) must be an RFC 3339 date and time such as 2026-12-01T08:30:00Z, got '\(value.prefix(64))'"
        case .number(let range):
            guard let n = Self.wholeNumber(value), range.contains(n) else {
                return
                    "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value.prefix(64))'"
            }
            return nil
        }
    }

    /// A decimal whole number: an optional `-`, then `0` or digits without a leading zero. The
    /// API's one reading of a whole-number parameter (the contract checks use it too).
    public static func wholeNumber(_ s: String) -> Int? {
        let digits = s.hasPrefix("-") ? s.utf8.dropFirst() : s.utf8[...]
        guard let first = digits.first, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard first != 48 || digits.count == 1 else { return nil }
        return Int(s)
    }
}
