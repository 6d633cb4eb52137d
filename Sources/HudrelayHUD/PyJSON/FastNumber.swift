/// The common attribute values that need no general number parsing: how ``RowsJSON`` copies them.
enum FastNumber {
    /// What a value is, when that is plain.
    enum Kind {
        /// Digits (an optional `-`), no leading zero, at most 18 of them: the int as written.
        case int
        /// `[-]digits.digits`, at most 15 significant digits, in `repr`'s plain range: the integer
        /// part's range and the fraction's range in the bytes.
        case decimal(Range<Int>, Range<Int>)
        /// Printable ASCII that cannot be a number (a letter other than `e`/`E`, and not a word
        /// Python's `float` reads such as `nan` or `inf`): a string.
        case text
    }

    /// The kind of `u`, or `nil` when the general path must decide.
    static func classify(_ u: String.UTF8View) -> Kind? {
        if let kind = u.withContiguousStorageIfAvailable({ classify(bytes: $0) }) { return kind }
        return Array(u).withUnsafeBufferPointer { classify(bytes: $0) }
    }

    static func classify(bytes u: UnsafeBufferPointer<UInt8>) -> Kind? {
        var sawLetter = false
        var numeric = true
        for b in u {
            if b < 0x20 || b >= 0x7F { return nil }
            switch b {
            case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "."): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                numeric = false
                if b != UInt8(ascii: "e") && b != UInt8(ascii: "E") { sawLetter = true }
            default: numeric = false
            }
        }
        if !numeric {
            guard sawLetter else { return nil }
            // Python's float() also reads nan, inf and infinity (any case, signed, spaced).
            var word: [UInt8] = []
            for b in u where b != 0x20 && b != UInt8(ascii: "+") && b != UInt8(ascii: "-") {
                if word.count == 8 { return .text }
                word.append(b | 0x20)
            }
            if word == Array("nan".utf8) || word == Array("inf".utf8) || word == Array("infinity".utf8) { return nil }
            return .text
        }
        let bytes = u
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        let intEnd = i
        if intEnd == intStart { return nil }
        if i == bytes.count {
            let n = intEnd - intStart
            guard n <= 18, n == 1 || bytes[intStart] != 0x30 else { return nil }
            if n == 1 && bytes[intStart] == 0x30 && intStart > 0 { return nil }  // "-0" is 0
            return .int
        }
        guard bytes[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fracStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        guard i == bytes.count, i > fracStart else { return nil }
        // Significant digits and the decimal exponent.
        var firstNonZero = -1
        var lastNonZero = -1
        for j in intStart..<bytes.count where j != fracStart - 1 && bytes[j] != 0x30 {
            if firstNonZero < 0 { firstNonZero = j }
            lastNonZero = j
        }
        if firstNonZero < 0 { return .decimal(intStart..<intEnd, fracStart..<i) }  // zero
        let significant =
            lastNonZero - firstNonZero + 1 - (firstNonZero < fracStart && lastNonZero >= fracStart ? 1 : 0)
        guard significant <= 15 else { return nil }
        // repr writes exponent form below 1e-4 and from 1e16.
        let exponent =
            firstNonZero < fracStart - 1 ? (fracStart - 1) - firstNonZero - 1 : -(firstNonZero - fracStart + 1)
        guard exponent >= -4, exponent < 16 else { return nil }
        return .decimal(intStart..<intEnd, fracStart..<i)
    }

    /// `repr(float(text))` of a plain decimal: the integer part without leading zeros, the fraction
    /// without trailing zeros (at least one digit), the sign kept (also for zero: `-0.0`).
    static func writeDecimal(
        bytes: UnsafeBufferPointer<UInt8>, _ integer: Range<Int>, _ fraction: Range<Int>, into out: inout [UInt8]
    ) {
        if integer.lowerBound > 0 { out.append(UInt8(ascii: "-")) }
        var a = integer.lowerBound
        while a < integer.upperBound - 1, bytes[a] == 0x30 { a += 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[a..<integer.upperBound]))
        out.append(UInt8(ascii: "."))
        var b = fraction.upperBound
        while b > fraction.lowerBound + 1, bytes[b - 1] == 0x30 { b -= 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fraction.lowerBound..<b]))
    }
}
