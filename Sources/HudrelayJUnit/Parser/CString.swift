#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level helpers for the NUL-terminated UTF-8 strings libxml2 passes.
enum CString {
    /// The length of a NUL-terminated string.
    static func length(_ p: UnsafePointer<UInt8>) -> Int {
        strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    /// Whether the NUL-terminated `p` equals `s`.
    static func equals(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: StaticString) -> Bool {
        s.utf8CodeUnitCount == n && memcmp(p, s.utf8Start, n) == 0
    }

    /// Whether two byte ranges hold the same bytes.
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}
