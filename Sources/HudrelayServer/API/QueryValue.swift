import HudrelayStore

/// How the API reads and quotes a parameter's text: whole numbers strictly, values in details
/// shortened.
enum QueryValue {
    /// A decimal whole number: an optional `-`, then `0` or digits without a leading zero
    /// (``JobContextField/wholeNumber(_:)``, the one rule).
    static func integer(_ s: String) -> Int64? { JobContextField.wholeNumber(s).map(Int64.init) }

    /// A value as a detail quotes it: at most 64 characters.
    static func shown(_ s: String) -> String {
        s.unicodeScalars.count > 64 ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(64))) + "…" : s
    }
}
