/// A Bloom-style filter over the names of the tests waiting in the merge window.
///
/// Most entries are not repeats; the filter tells that from a few bytes of the name, so the full
/// identity hash and the index lookup run only for the few entries that might be.
struct WaitingFilter {
    private var bits = [UInt64](repeating: 0, count: 1024)  // 65,536 bits
    private(set) var isEmpty = true

    /// The filter key of a test name: its 8-byte words folded together, mixed.
    static func key(_ name: String) -> Int {
        var s = name
        return s.withUTF8 { buf in
            let raw = UnsafeRawBufferPointer(buf)
            var folded = UInt64(raw.count)
            if raw.count >= 8 {
                var i = 0
                while i + 8 <= raw.count {
                    folded = (folded &* 31) ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    i += 8
                }
                if i < raw.count {
                    // The last, partial word: the final eight bytes, overlapping the one before.
                    folded = (folded &* 31) ^ raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)
                }
            } else {
                var tail: UInt64 = 0
                for (k, c) in raw.enumerated() { tail |= UInt64(c) << (8 * UInt64(k)) }
                folded ^= tail
            }
            let h = folded &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: h >> 48)
        }
    }

    /// Marks a waiting test.
    mutating func insert(_ key: Int) {
        bits[key >> 6] |= 1 << UInt64(key & 63)
        isEmpty = false
    }

    /// Whether a test with this key may be waiting (no false negatives).
    func mayContain(_ key: Int) -> Bool { bits[key >> 6] & (1 << UInt64(key & 63)) != 0 }

    /// Forgets everything (when the window is empty).
    mutating func clear() {
        guard !isEmpty else { return }
        for i in bits.indices { bits[i] = 0 }
        isEmpty = true
    }
}
