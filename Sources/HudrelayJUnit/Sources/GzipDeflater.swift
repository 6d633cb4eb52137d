import CZlib

/// Push-style gzip compression: feed plain chunks, collect the gzip bytes.
///
/// - Important: Not thread-safe; one stream per instance.
public final class GzipDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let out: UnsafeMutableBufferPointer<UInt8>
    /// The compressed bytes so far.
    public private(set) var compressed: [UInt8] = []

    /// Starts a stream at `level` (1 fastest … 9 smallest; 6 is zlib's default).
    public init(level: Int32 = 6) throws(JUnitParseError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        out = .allocate(capacity: 64 * 1024)
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        guard rc == Z_OK else {
            out.deallocate()
            stream.deallocate()
            throw JUnitParseError(.badCompression, "cannot start gzip encoder (zlib code \(rc))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        out.deallocate()
    }

    /// Compresses `input`.
    public func feed(_ input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        run(Z_NO_FLUSH)
    }

    /// Finishes the stream and returns all compressed bytes.
    public func finish() -> [UInt8] {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        run(Z_FINISH)
        return compressed
    }

    /// gzip of `bytes` in one call.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(JUnitParseError) -> [UInt8] {
        let d = try GzipDeflater(level: level)
        bytes.withUnsafeBytes { d.feed($0) }
        return d.finish()
    }

    private func run(_ flush: Int32) {
        while true {
            stream.pointee.next_out = out.baseAddress
            stream.pointee.avail_out = uInt(out.count)
            let rc = deflate(stream, flush)
            let produced = out.count - Int(stream.pointee.avail_out)
            compressed.append(contentsOf: UnsafeBufferPointer(start: out.baseAddress, count: produced))
            if rc == Z_STREAM_END || (flush == Z_NO_FLUSH && stream.pointee.avail_out != 0) || rc == Z_BUF_ERROR {
                break
            }
        }
    }
}
