/// Lenient number parsing for the attribute values reports write.
enum NumberParsing {
    /// Seconds from a `time` value: `1.5`, `0.`, `1.7e-05`, `2,503.1` (thousands separators) are
    /// read; empty, non-numeric, negative, NaN and infinite values give `nil`.
    static func seconds(_ raw: String?) -> Double? {
        guard var s = raw else { return nil }
        s = s.trimmingASCIIWhitespace()
        if s.isEmpty { return nil }
        if s.utf8.contains(UInt8(ascii: ",")) {
            // Only a comma used as a thousands separator: digits on both sides.
            s.removeAll { $0 == "," }
        }
        guard let value = Double(s), value.isFinite, value >= 0 else { return nil }
        return value
    }

    /// A decimal integer (an optional sign, digits, surrounding whitespace allowed), else `nil`.
    static func integer(_ raw: String?) -> Int? {
        guard let raw else { return nil }
        let s = raw.trimmingASCIIWhitespace()
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
