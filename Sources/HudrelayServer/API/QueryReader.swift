import Foundation
import Hummingbird
import HummingbirdCore

/// Reads the API's query parameters as `/openapi.json` declares them: a typed parameter that is
/// present must be valid, even when it is empty, and a bad one is a `400` whose detail names it.
/// Text parameters that are empty count as absent (no filter).
struct QueryReader {
    let q: FlatDictionary<Substring, Substring>

    init(_ q: FlatDictionary<Substring, Substring>) { self.q = q }

    /// The raw value, `nil` when absent (an empty value is `""`).
    func raw(_ name: String) -> String? { q.get(name) }

    /// A text parameter; `nil` when absent or empty.
    func text(_ name: String) -> String? {
        guard let v = q.get(name), !v.isEmpty else { return nil }
        return String(v)
    }

    /// A whole number in `range`, written in decimal without a sign or leading zeros (but `-` for
    /// a negative one); `nil` when absent.
    func int(_ name: String, _ range: ClosedRange<Int64>, code: String) throws -> Int64? {
        guard let v = raw(name) else { return nil }
        guard let n = Self.integer(v), range.contains(n) else {
            throw Problem.badRequest(
                code,
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(Self.shown(v))'"
            )
        }
        return n
    }

    /// A whole number in `range` as an `Int`; `nil` when absent.
    func int(_ name: String, _ range: ClosedRange<Int>, code: String) throws -> Int? {
        try int(name, Int64(range.lowerBound)...Int64(range.upperBound), code: code).map { Int($0) }
    }

    /// One of `values`; `nil` when absent.
    func choice(_ name: String, _ values: [String], code: String) throws -> String? {
        guard let v = raw(name) else { return nil }
        guard values.contains(v) else {
            throw Problem.badRequest(
                code, "\(name) is one of \(values.joined(separator: ", ")), got '\(Self.shown(v))'")
        }
        return v
    }

    /// `limit`: 1 to 1000, `fallback` when absent.
    func limit(default fallback: Int = 50) throws -> Int {
        try int("limit", 1...1000, code: "bad_limit") ?? fallback
    }

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
