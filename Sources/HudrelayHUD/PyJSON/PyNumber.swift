/// Python's `int(v)`, then `float(v)`, on an attribute value: how PyTorch's uploader turns XML
/// attributes into numbers. Strings that are neither stay strings.
enum PyNumber {
    /// The value as Python's uploader would store it.
    static func coerce(_ v: String) -> PyValue {
        if let i = int(v) { return i }
        if let d = float(v) { return .float(d) }
        return .string(v)
    }

    /// Python's whitespace for `int()`/`float()`/`str.strip()`.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    static func trimmed(_ v: String) -> Substring.UnicodeScalarView {
        var s = Substring(v).unicodeScalars
        while let f = s.first, isSpace(f) { s.removeFirst() }
        while let l = s.last, isSpace(l) { s.removeLast() }
        return s
    }

    /// Digits with single underscores between them (Python's integer literal grammar, base 10).
    static func digits(_ s: Substring.UnicodeScalarView) -> String? {
        var out = ""
        var previousUnderscore = true
        for c in s {
            if c == "_" {
                if previousUnderscore { return nil }
                previousUnderscore = true
            } else if let d = c.properties.numericType, d == .decimal, let v = c.properties.numericValue {
                out.append(String(Int(v)))
                previousUnderscore = false
            } else {
                return nil
            }
        }
        return previousUnderscore || out.isEmpty ? nil : out
    }

    static func int(_ v: String) -> PyValue? {
        var s = trimmed(v)
        var negative = false
        if let f = s.first, f == "+" || f == "-" {
            negative = f == "-"
            s.removeFirst()
        }
        guard var d = digits(s) else { return nil }
        while d.count > 1 && d.hasPrefix("0") { d.removeFirst() }
        if let i = Int64((negative ? "-" : "") + d) { return .int(i) }
        return .bigInt((negative && d != "0" ? "-" : "") + d)
    }

    static func float(_ v: String) -> Double? {
        var s = trimmed(v)
        var sign = 1.0
        if let f = s.first, f == "+" || f == "-" {
            if f == "-" { sign = -1 }
            s.removeFirst()
        }
        let word = String(s).lowercased()
        if word == "nan" { return Double.nan }
        if word == "inf" || word == "infinity" { return sign * Double.infinity }
        // Digits (with underscores between digits), an optional fraction and exponent.
        var plain = ""
        var previous: Unicode.Scalar? = nil
        for c in s {
            if c == "_" {
                guard let p = previous, p.properties.numericType == .decimal else { return nil }
            } else if let n = c.properties.numericType, n == .decimal, let v = c.properties.numericValue {
                plain.append(String(Int(v)))
            } else if c == "." || c == "e" || c == "E" || c == "+" || c == "-" {
                if previous == "_" { return nil }
                // A sign only right after the exponent marker.
                if (c == "+" || c == "-") && !(previous == "e" || previous == "E") { return nil }
                plain.unicodeScalars.append(c)
            } else {
                return nil
            }
            previous = c
        }
        if previous == "_" { return nil }
        guard plain.contains(where: \.isNumber), let d = Double(plain) else { return nil }
        // The loop admits only digits, '.', 'e' and exponent signs, a grammar Python shares.
        return sign * d
    }
}
