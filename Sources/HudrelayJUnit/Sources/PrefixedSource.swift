/// A source whose first bytes have already been read (to sniff gzip), put back in front.
public struct PrefixedSource<Base: ByteSource>: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private var base: Base

    /// Creates a source that yields `prefix` and then the rest of `base`.
    public init(prefix: [UInt8], base: Base) {
        self.prefix = prefix
        self.base = base
    }

    /// Yields the prefix first, then reads from the base source.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            if offset == prefix.count {
                prefix = []
                offset = 0
            }
            return n
        }
        return try base.read(into: buffer)
    }
}
