/// A fast, allocation-free hash of a test's merge identity (suite, classname, name, file).
///
/// Used only to find a waiting test in the merge window; a match is always confirmed by comparing
/// the strings, so a collision can at worst leave a repeat unmerged, never merge two tests.
enum IdentityHash {
    private static let k: UInt64 = 0x9FB2_1C65_1E98_DF25

    /// The hash of an identity.
    static func of(suite: Int, _ classname: String, _ name: String, _ file: String?) -> Int {
        var h = UInt64(truncatingIfNeeded: suite &+ 1) &* k
        h = mix(h, classname)
        h = mix(h, name)
        if let file { h = mix(h, file) }
        h ^= h >> 32
        h = h &* k
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    private static func mix(_ seed: UInt64, _ string: String) -> UInt64 {
        var s = string
        return s.withUTF8 { buf in
            let raw = UnsafeRawBufferPointer(buf)
            var h = seed
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail ^ (UInt64(raw.count) << 56)) &* k
            return h ^ (h >> 31)
        }
    }
}
