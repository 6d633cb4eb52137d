import Foundation
import HudrelayJUnit
import NIOCore

/// A report file gzipped on a thread of its own while an upload sends it, so that compressing
/// and sending overlap instead of following each other. A file that is gzip already is sent as it
/// is.
enum GzipStream {
    /// The gzip bytes of the file at `path`, in chunks as they are made.
    static func chunks(of path: String) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let (stream, out) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let thread = Thread {
            do {
                guard let handle = FileHandle(forReadingAtPath: path) else { throw UploadError("\(path): cannot open") }
                defer { try? handle.close() }
                var chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                // Level 1: four times faster than the default for about 40% more bytes on the wire.
                let deflater = chunk.starts(with: [0x1F, 0x8B]) ? nil : try GzipDeflater(level: 1)
                var sent = 0
                while !chunk.isEmpty {
                    var piece = ByteBuffer(data: chunk)
                    if let deflater {
                        chunk.withUnsafeBytes { deflater.feed($0) }
                        piece = ByteBuffer(bytes: deflater.compressed[sent...])
                        sent = deflater.compressed.count
                    }
                    // A consumer that stopped (the request failed) stops the compression too.
                    if piece.readableBytes > 0, case .terminated = out.yield(piece) { return }
                    chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                }
                if let deflater { out.yield(ByteBuffer(bytes: deflater.finish()[sent...])) }
                out.finish()
            } catch {
                out.finish(throwing: error)
            }
        }
        thread.start()
        return stream
    }
}
