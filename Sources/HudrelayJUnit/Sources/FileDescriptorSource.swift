#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file descriptor read with `read(2)`; the caller owns the descriptor.
public struct FileDescriptorSource: ByteSource {
    private let fd: Int32

    /// Creates a source reading from `fd`.
    public init(fileDescriptor fd: Int32) { self.fd = fd }

    /// Reads the next bytes from the descriptor, retrying on `EINTR`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int {
        while true {
            #if canImport(Glibc)
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
                let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw JUnitParseError(.io, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
