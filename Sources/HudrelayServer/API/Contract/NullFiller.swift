/// Adds the declared nullable members a JSON document leaves out, as `null`, in one pass over its
/// bytes (``ResponseShape``): each object of a shape gets `"name":null` before its `}` for every
/// nullable member it lacks. Everything else is copied as it is.
///
/// The input is what JSONEncoder wrote, so it is well-formed; a byte this reader does not expect
/// ends the rewrite and the input is returned unchanged.
struct NullFiller {
    private let input: [UInt8]
    private var i = 0
    private var out: [UInt8] = []

    /// `json` with the nulls `shape` declares filled in.
    static func fill(_ json: [UInt8], shape: ResponseShape) -> [UInt8] {
        var filler = NullFiller(input: json)
        filler.out.reserveCapacity(json.count + json.count / 8)
        guard filler.value(shape) else { return json }
        filler.copyWhitespace()
        return filler.i == json.count ? filler.out : json
    }

    private init(input: [UInt8]) { self.input = input }

    private mutating func copyWhitespace() {
        while i < input.count, input[i] == 0x20 || input[i] == 0x0A || input[i] == 0x0D || input[i] == 0x09 {
            out.append(input[i])
            i += 1
        }
    }

    /// Copies one value; `false` on a byte it does not expect.
    private mutating func value(_ shape: ResponseShape) -> Bool {
        copyWhitespace()
        guard i < input.count else { return false }
        switch input[i] {
        case UInt8(ascii: "{"): return object(shape)
        case UInt8(ascii: "["): return array(shape)
        case UInt8(ascii: "\""): return string() != nil
        default:
            // A number, true, false or null: up to the next delimiter.
            let start = i
            while i < input.count, !Self.delimiters.contains(input[i]) { i += 1 }
            out.append(contentsOf: input[start..<i])
            return i > start
        }
    }

    private static let delimiters: Set<UInt8> = [
        UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09,
    ]

    /// Copies a string; returns its raw content (escapes as written).
    private mutating func string() -> ArraySlice<UInt8>? {
        guard i < input.count, input[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < input.count, input[i] != UInt8(ascii: "\"") {
            i += input[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < input.count else { return nil }
        i += 1
        out.append(contentsOf: input[start..<i])
        return input[(start + 1)..<(i - 1)]
    }

    private mutating func array(_ shape: ResponseShape) -> Bool {
        let items: ResponseShape
        if case .array(let s) = shape { items = s } else { items = .leaf }
        out.append(input[i])
        i += 1
        copyWhitespace()
        if i < input.count, input[i] == UInt8(ascii: "]") {
            out.append(input[i])
            i += 1
            return true
        }
        while true {
            guard value(items) else { return false }
            copyWhitespace()
            guard i < input.count else { return false }
            let c = input[i]
            out.append(c)
            i += 1
            if c == UInt8(ascii: "]") { return true }
            guard c == UInt8(ascii: ",") else { return false }
        }
    }

    private mutating func object(_ shape: ResponseShape) -> Bool {
        let members: [ResponseShape.Member]
        if case .object(let m) = shape { members = m } else { members = [] }
        var seen = [Bool](repeating: false, count: members.count)
        out.append(input[i])
        i += 1
        var any = false
        while true {
            copyWhitespace()
            guard i < input.count else { return false }
            if input[i] == UInt8(ascii: "}") { break }
            if any {
                guard input[i] == UInt8(ascii: ",") else { return false }
                out.append(input[i])
                i += 1
                copyWhitespace()
            }
            guard let key = string() else { return false }
            copyWhitespace()
            guard i < input.count, input[i] == UInt8(ascii: ":") else { return false }
            out.append(input[i])
            i += 1
            var child = ResponseShape.leaf
            if let m = members.firstIndex(where: { $0.name.utf8.elementsEqual(key) }) {
                seen[m] = true
                child = members[m].shape
            }
            guard value(child) else { return false }
            any = true
        }
        for (m, member) in members.enumerated() where member.nullable && !seen[m] {
            if any { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: member.name.utf8)
            out.append(contentsOf: "\":null".utf8)
            any = true
        }
        out.append(input[i])
        i += 1
        return true
    }
}
