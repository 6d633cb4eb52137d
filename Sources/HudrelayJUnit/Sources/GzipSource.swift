import CZlib

/// Decompresses a gzip stream (several concatenated members too) from another source.
public struct GzipSource<Base: ByteSource>: ByteSource {
    private var base: Base
    private let state: InflateState

    /// Creates a source that inflates `base`.
    public init(_ base: Base) throws(JUnitParseError) {
        self.base = base
        self.state = try InflateState()
    }

    /// Inflates the next bytes into `buffer`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int {
        let stream = state.stream
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        while stream.pointee.avail_out == uInt(buffer.count) {
            if stream.pointee.avail_in == 0 {
                if state.inputEnded {
                    if state.inMember {
                        throw JUnitParseError(.badCompression, "gzip stream is truncated")
                    }
                    return 0
                }
                let n = try base.read(into: UnsafeMutableRawBufferPointer(state.input))
                if n == 0 {
                    state.inputEnded = true
                    continue
                }
                stream.pointee.next_in = state.input.baseAddress
                stream.pointee.avail_in = uInt(n)
            }
            if !state.inMember {
                inflateReset(stream)
                state.inMember = true
            }
            let rc = inflate(stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                state.inMember = false
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "code \(rc)"
                throw JUnitParseError(.badCompression, "gzip data is corrupt: \(detail)")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }
}

/// The zlib stream and input buffer behind a ``GzipSource``; a class so the stream never moves.
final class InflateState {
    let stream: UnsafeMutablePointer<z_stream>
    let input: UnsafeMutableBufferPointer<UInt8>
    @exclusivity(unchecked) var inputEnded = false
    @exclusivity(unchecked) var inMember = true

    init() throws(JUnitParseError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: 64 * 1024)
        // 15 + 16: a gzip wrapper with the largest window.
        let rc = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            input.deallocate()
            stream.deallocate()
            throw JUnitParseError(.badCompression, "cannot start gzip decoder (zlib code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }
}
