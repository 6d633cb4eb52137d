/// How the API reads and quotes a parameter's text: whole numbers strictly, values in details
/// shortened.
enum QueryValue {
    /// A decimal whole number: an optional `-`, then `0` or digits without a leading zero.
    static func integer(_ s: String) -> Int64? {
        let digits = s.hasPrefix("-") ? s.utf8.dropFirst() : s.utf8[...]
        guard let first = digits.first, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard first != 48 || digits.count == 1 else { return nil }
        return Int64(s)
    }

    /// A value as a detail quotes it: at most 64 characters.
    static func shown(_ s: String) -> String {
        s.unicodeScalars.count > 64 ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(64))) + "…" : s
    }
}
