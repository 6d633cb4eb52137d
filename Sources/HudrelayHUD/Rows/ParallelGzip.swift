import CZlib
import Foundation

/// gzip of a large buffer on two threads, as one gzip member (what pigz does): each half is
/// deflated raw on its own thread, the first ending with a sync flush, and the halves are joined
/// under one header, with the CRC-32 of the whole (`crc32_combine`) and its size. Any gzip reader
/// reads it as one stream.
enum ParallelGzip {
    /// gzip of `bytes` at `level`; buffers under 1 MiB are compressed on one thread.
    static func compress(_ bytes: [UInt8], level: Int32) throws -> [UInt8] {
        let middle = bytes.count / 2
        guard bytes.count >= 1 << 20 else {
            return try raw(bytes, 0..<bytes.count, level: level, last: true).gzip(bytes.count)
        }
        let second = Thread.runDetached { try raw(bytes, middle..<bytes.count, level: level, last: true) }
        let first = try raw(bytes, 0..<middle, level: level, last: false)
        let rest = try second.value()
        var out = header
        out.append(contentsOf: first.data)
        out.append(contentsOf: rest.data)
        let crc = crc32_combine(first.crc, rest.crc, off_t(bytes.count - middle))
        append32(UInt32(truncatingIfNeeded: crc), to: &out)
        append32(UInt32(truncatingIfNeeded: bytes.count), to: &out)
        return out
    }

    /// A raw deflate stream of part of `bytes`, with the part's CRC-32.
    struct Part: Sendable {
        var data: [UInt8]
        var crc: uLong

        /// This part as a whole gzip member of `count` bytes.
        func gzip(_ count: Int) -> [UInt8] {
            var out = ParallelGzip.header
            out.append(contentsOf: data)
            ParallelGzip.append32(UInt32(truncatingIfNeeded: crc), to: &out)
            ParallelGzip.append32(UInt32(truncatingIfNeeded: count), to: &out)
            return out
        }
    }

    /// gzip's 10-byte header: deflate, no name, modification time 0, operating system unknown.
    static let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]

    static func append32(_ v: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    static func raw(_ bytes: [UInt8], _ range: Range<Int>, level: Int32, last: Bool) throws -> Part {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw HUDError("cannot start the deflate encoder") }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(range.count))) + 64)
        var crc: uLong = 0
        try bytes.withUnsafeBufferPointer { input in
            let base = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound)
            crc = crc32(0, base, uInt(range.count))
            try out.withUnsafeMutableBufferPointer { output in
                stream.next_in = base
                stream.avail_in = uInt(range.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                let rc = deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
                guard rc == (last ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else {
                    throw HUDError("deflate failed (zlib code \(rc))")
                }
            }
        }
        out.removeLast(Int(stream.avail_out))
        return Part(data: out, crc: crc)
    }
}
