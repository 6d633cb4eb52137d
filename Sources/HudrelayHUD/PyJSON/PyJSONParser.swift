/// Reads JSON the way Python's `json.loads` does, keeping the order of object keys, so that
/// `PyJSON.dumps(PyJSONParser.parse(text))` is `json.dumps(json.loads(text))`.
///
/// Numbers without a fraction or exponent are ints (beyond 64 bits they stay decimal digits);
/// others are floats. A repeated key keeps its first position and takes the last value, as a
/// Python dict does. `NaN`, `Infinity` and `-Infinity` are accepted, as Python accepts them.
public struct PyJSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    /// Parses one JSON document (surrounding whitespace allowed).
    public static func parse(_ text: String) throws -> PyValue {
        var parser = PyJSONParser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.i == parser.bytes.count else { throw parser.error("extra data after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ what: String) -> HUDError { HUDError("bad JSON at byte \(i): \(what)") }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func literal(_ word: String, _ value: PyValue) throws -> PyValue {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("unexpected text") }
        i += w.count
        return value
    }

    private mutating func value() throws -> PyValue {
        guard i < bytes.count else { throw error("the document ends too early") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "N"): return try literal("NaN", .float(.nan))
        case UInt8(ascii: "I"): return try literal("Infinity", .float(.infinity))
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "I"):
            i += 1
            return try literal("Infinity", .float(-.infinity))
        default: return try number()
        }
    }

    private mutating func nest() throws {
        depth += 1
        guard depth <= 512 else { throw error("nested more than 512 levels") }
    }

    private mutating func object() throws -> PyValue {
        try nest()
        i += 1
        var dict = PyDict()
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .dict(dict)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
            i += 1
            skipSpace()
            dict[key] = try value()
            skipSpace()
            guard i < bytes.count else { throw error("the object is not closed") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return .dict(dict)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func array() throws -> PyValue {
        try nest()
        i += 1
        var items: [PyValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .list(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("the array is not closed") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return .list(items)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func number() throws -> PyValue {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        guard i > intStart else { throw error("unexpected character") }
        guard !(bytes[intStart] == 0x30 && i - intStart > 1) else { throw error("a number has a leading zero") }
        var isFloat = false
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            let s = i
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
            guard i > s else { throw error("a fraction has no digits") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let s = i
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
            guard i > s else { throw error("an exponent has no digits") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isFloat { return .float(Double(text) ?? .nan) }
        if let n = Int64(text) { return .int(n) }
        return .bigInt(text == "-0" ? "0" : text)
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
        else { throw error("a \\u escape needs four hex digits") }
        i += 4
        return v
    }

    private mutating func string() throws -> String {
        i += 1
        var out = String.UnicodeScalarView()
        var runStart = i
        func flush(_ end: Int) {
            out.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                flush(i)
                i += 1
                return String(out)
            }
            if b < 0x20 { throw error("a control character in a string") }
            guard b == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            flush(i)
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "/"): out.append("/")
            case UInt8(ascii: "b"): out.append("\u{8}")
            case UInt8(ascii: "f"): out.append("\u{c}")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                // A lone surrogate (Python keeps it; Swift strings cannot) becomes U+FFFD.
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: throw error("a bad escape in a string")
            }
            runStart = i
        }
        throw error("a string is not closed")
    }
}
