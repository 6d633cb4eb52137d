/// Lenient number parsing for the attribute values reports write, straight from their bytes.
enum NumberParsing {
    /// Seconds from a `time` value: `1.5`, `0.`, `1.7e-05`, `2,503.1` (thousands separators) are
    /// read; empty, non-numeric, negative, NaN and infinite values give `nil`.
    static func seconds(_ raw: String?) -> Double? {
        guard var raw else { return nil }
        return raw.withUTF8 { seconds(bytes: $0) }
    }

    /// ``seconds(_:)`` on raw bytes.
    static func seconds(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        // Fast path: digits, an optional point and digits. The mantissa is exact below 2^53 and
        // so is 10^k for k <= 22, so one division rounds correctly.
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        var simple = bytes.count > 0 && bytes.count <= 19
        if simple {
            for c in bytes {
                if c >= 0x30 && c <= 0x39 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
                    digits += 1
                    if seenPoint { fraction += 1 }
                } else if c == 0x2E && !seenPoint {
                    seenPoint = true
                } else {
                    simple = false
                    break
                }
            }
        }
        if simple && digits > 0 && digits <= 15 {
            return fraction == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fraction]
        }
        return slowSeconds(String(decoding: bytes, as: UTF8.self))
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    private static func slowSeconds(_ raw: String) -> Double? {
        var s = raw.trimmingASCIIWhitespace()
        if s.isEmpty { return nil }
        if s.utf8.contains(UInt8(ascii: ",")) { s.removeAll { $0 == "," } }
        guard let value = Double(s), value.isFinite, value >= 0 else { return nil }
        return value
    }

    /// A decimal integer (an optional sign, digits, surrounding whitespace allowed), else `nil`.
    static func integer(_ raw: String?) -> Int? {
        guard var raw else { return nil }
        return raw.withUTF8 { integer(bytes: $0) }
    }

    /// ``integer(_:)`` on raw bytes.
    static func integer(bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.count > 0 && bytes.count <= 18 {
            var v = 0
            var ok = true
            for c in bytes {
                guard c >= 0x30 && c <= 0x39 else {
                    ok = false
                    break
                }
                v = v * 10 + Int(c - 0x30)
            }
            if ok { return v }
        }
        let s = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        if s.isEmpty { return nil }
        if let v = Int(s) { return v }
        if s.utf8.contains(UInt8(ascii: ",")) { return Int(s.filter { $0 != "," }) }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        func ws(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        guard let first = u.firstIndex(where: { !ws($0) }) else { return "" }
        let last = u.lastIndex(where: { !ws($0) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
