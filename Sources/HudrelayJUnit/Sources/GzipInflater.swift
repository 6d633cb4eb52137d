import CZlib

/// Push-style gzip decompression: feed compressed chunks as they arrive, get decompressed bytes
/// in pieces of at most 64 KiB (so a small bomb never becomes one huge buffer).
///
/// - Important: Not thread-safe; one stream per instance.
public final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let out: UnsafeMutableBufferPointer<UInt8>
    private var inMember = true
    /// Whether the stream ended at the end of a gzip member (a complete stream).
    public private(set) var finished = false

    /// Starts a stream.
    public init() throws(JUnitParseError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        out = .allocate(capacity: 64 * 1024)
        let rc = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            out.deallocate()
            stream.deallocate()
            throw JUnitParseError(.badCompression, "cannot start gzip decoder (zlib code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        out.deallocate()
    }

    /// The whole of a gzip stream, decompressed in one call; throws when it is corrupt or cut off.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let inflater = try GzipInflater()
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { raw in try inflater.feed(raw) { out.append(contentsOf: $0) } }
        guard inflater.finished else { throw JUnitParseError(.badCompression, "the gzip stream is cut off") }
        return out
    }

    /// Decompresses `input`, handing each piece of output to `output`.
    public func feed(
        _ input: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        while stream.pointee.avail_in > 0 {
            if !inMember {
                inflateReset(stream)
                inMember = true
                finished = false
            }
            stream.pointee.next_out = out.baseAddress
            stream.pointee.avail_out = uInt(out.count)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = out.count - Int(stream.pointee.avail_out)
            if produced > 0 { try output(UnsafeRawBufferPointer(start: out.baseAddress, count: produced)) }
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                if produced == 0 && rc == Z_BUF_ERROR { return }
            case Z_STREAM_END:
                inMember = false
                finished = true
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "code \(rc)"
                throw JUnitParseError(.badCompression, "gzip data is corrupt: \(detail)")
            }
        }
        // Drain what zlib still holds for this input.
        while inMember {
            stream.pointee.next_out = out.baseAddress
            stream.pointee.avail_out = uInt(out.count)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = out.count - Int(stream.pointee.avail_out)
            if produced > 0 { try output(UnsafeRawBufferPointer(start: out.baseAddress, count: produced)) }
            if rc == Z_STREAM_END {
                inMember = false
                finished = true
            }
            if produced == 0 || rc != Z_OK { break }
        }
    }
}
