/// A stream of bytes the parser pulls from, one buffer at a time.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many were read; 0 means the
    /// end of the stream.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int
}
