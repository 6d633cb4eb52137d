/// Writes one JSON object with keys in the order given (so output is stable and diffable).
public struct JSONWriter: Sendable {
    /// The text so far.
    public private(set) var text = "{"
    private var first = true

    /// Starts an empty object.
    public init() {}

    private mutating func key(_ k: String) {
        if !first { text += "," }
        first = false
        JSONWriter.quote(k, into: &text)
        text += ":"
    }

    /// Adds a string member (`null` for `nil`).
    public mutating func add(_ k: String, _ v: String?) {
        key(k)
        if let v { JSONWriter.quote(v, into: &text) } else { text += "null" }
    }

    /// Adds an integer member (`null` for `nil`).
    public mutating func add(_ k: String, _ v: Int?) {
        key(k)
        text += v.map(String.init) ?? "null"
    }

    /// Adds a number member (`null` for `nil`).
    public mutating func add(_ k: String, _ v: Double?) {
        key(k)
        guard let v, v.isFinite else {
            text += "null"
            return
        }
        text += v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Adds a boolean member.
    public mutating func add(_ k: String, _ v: Bool) {
        key(k)
        text += v ? "true" : "false"
    }

    /// Adds a member whose value is already JSON.
    public mutating func addRaw(_ k: String, _ json: String) {
        key(k)
        text += json
    }

    /// The finished object.
    public func finish() -> String { text + "}" }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        var plainStart = s.unicodeScalars.startIndex
        var i = plainStart
        let scalars = s.unicodeScalars
        while i != scalars.endIndex {
            let c = scalars[i]
            let escape: String?
            switch c {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escape = nil
                }
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<i])
                out += escape
                plainStart = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }

    /// `s` as a JSON string.
    public static func quoted(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// `[a,b,…]` from already-encoded JSON values.
    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
