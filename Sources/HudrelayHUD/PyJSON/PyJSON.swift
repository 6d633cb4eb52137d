import Foundation

/// Serializes ``PyValue``s exactly as Python's `json.dumps` does with its defaults: separators
/// `", "` and `": "`, `ensure_ascii=True` (`\u00e9`-style escapes, surrogate pairs above U+FFFF), floats in
/// `repr` form (`0.01`, `1e-05`, `1e+16`, `100.0`), `NaN`/`Infinity` for non-finite floats
/// (PyTorch's uploader replaces those by strings first: ``PyValue/removingNaNInf``).
public enum PyJSON {
    /// `json.dumps(value)`.
    public static func dumps(_ value: PyValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// Appends `json.dumps(value)` to `out`.
    public static func write(_ value: PyValue, into out: inout String) {
        switch value {
        case .string(let s): string(s, into: &out)
        case .int(let i): out += String(i)
        case .bigInt(let digits): out += digits
        case .float(let d): out += float(d)
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        case .dict(let dict):
            out += "{"
            for (i, (k, v)) in dict.items.enumerated() {
                if i > 0 { out += ", " }
                string(k, into: &out)
                out += ": "
                write(v, into: &out)
            }
            out += "}"
        }
    }

    /// Python's `repr(float)`: the shortest digits that round-trip, in exponent form when the
    /// decimal exponent is below -4 or at least 16.
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the shortest round-trip digits; re-format them Python's way.
        let text = "\(d.magnitude)"
        var digits = ""
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
            exponent += parts[0].count - 1
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let intPart = String(parts[0])
            let frac = parts.count > 1 ? String(parts[1]) : ""
            if intPart != "0" {
                digits = intPart + frac
                exponent = intPart.count - 1
            } else {
                let zeros = frac.prefix { $0 == "0" }.count
                digits = String(frac.dropFirst(zeros))
                exponent = -(zeros + 1)
            }
        }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        if exponent < -4 || exponent >= 16 {
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let e = exponent < 0 ? "-\(String(format: "%02d", -exponent))" : "+\(String(format: "%02d", exponent))"
            return "\(sign)\(mantissa)e\(e)"
        }
        if exponent < 0 {
            return "\(sign)0.\(String(repeating: "0", count: -exponent - 1))\(digits)"
        }
        if digits.count <= exponent + 1 {
            return "\(sign)\(digits)\(String(repeating: "0", count: exponent + 1 - digits.count)).0"
        }
        let point = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return "\(sign)\(digits[..<point]).\(digits[point...])"
    }

    /// A string literal with `ensure_ascii=True`.
    public static func string(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        string(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// A string literal with `ensure_ascii=True`, as bytes.
    public static func string(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most strings are printable ASCII without quotes or backslashes: copy them whole.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for u in s.utf16 {
            switch u {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x20..<0x7F: out.append(UInt8(u))
            default:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
                for shift in [12, 8, 4, 0] { out.append(hex[Int((u >> UInt16(shift)) & 0xF)]) }
            }
        }
        out.append(0x22)
    }
}
