import Foundation
import Hummingbird
import HummingbirdCore

extension Request {
    /// The query parameters as HTML forms and HTTP libraries write them (`application/x-www-form-urlencoded`):
    /// names and values percent-decoded, and `+` a space. Hummingbird's `uri.queryParameters` keeps a `+`,
    /// so a form's `q=test+add` or a JSON `payload` sent by Python's `requests` would arrive changed.
    /// ``RequestHygieneMiddleware`` has refused broken escapes and invalid UTF-8 before a handler reads this.
    var formQuery: FlatDictionary<Substring, Substring> {
        guard let query = uri.query, !query.isEmpty else { return [:] }
        var pairs: [(key: Substring, value: Substring)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? Self.formDecoded(parts[1]) : ""
            pairs.append((key: Self.formDecoded(parts[0])[...], value: value[...]))
        }
        return FlatDictionary(pairs)
    }

    /// One form-encoded component decoded; as sent when an escape is broken.
    static func formDecoded(_ raw: Substring) -> String {
        let spaced = raw.replacingOccurrences(of: "+", with: " ")
        guard let bytes = Self.percentDecoded(spaced[...]) else {
            return String(raw)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of a percent-encoded component; `nil` when an escape is broken.
    static func percentDecoded(_ raw: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var it = raw.utf8.makeIterator()
        while let b = it.next() {
            guard b == UInt8(ascii: "%") else {
                out.append(b)
                continue
            }
            guard let hi = it.next().flatMap(hex), let lo = it.next().flatMap(hex) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
