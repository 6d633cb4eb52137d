import Crypto
import HudrelayJUnit
import NIOCore

/// A report as it arrives, chunk by chunk: kept gzip-compressed (as sent, or compressed here),
/// hashed and measured uncompressed, and cut off at the size limit. Memory holds only the
/// compressed bytes.
struct ReportReceiver {
    /// What was received.
    struct Received {
        var gzip: [UInt8]
        var sha256: [UInt8]
        var size: Int64
    }

    private let limit: Int64
    private var declaredGzip: Bool
    private var mode: Mode?
    private var hasher = SHA256()
    private var size: Int64 = 0
    private var compressed: [UInt8] = []

    private enum Mode {
        case gzip(GzipInflater)
        case plain(GzipDeflater)
    }

    init(contentEncodingGzip: Bool, limit: Int64) {
        self.declaredGzip = contentEncodingGzip
        self.limit = limit
    }

    /// Takes the next chunk of the body.
    mutating func consume(_ chunk: ByteBuffer) throws {
        guard chunk.readableBytes > 0 else { return }
        if mode == nil {
            let magic = chunk.getBytes(at: chunk.readerIndex, length: min(2, chunk.readableBytes)) ?? []
            if declaredGzip || magic == [0x1F, 0x8B] {
                mode = .gzip(try GzipInflater())
            } else {
                mode = .plain(try GzipDeflater(level: 1))
            }
        }
        switch mode! {
        case .gzip(let inflater):
            compressed.append(contentsOf: chunk.readableBytesView)
            var counted: Int64 = 0
            var hasher = self.hasher
            do {
                try chunk.withUnsafeReadableBytes { raw in
                    try inflater.feed(raw) { piece in
                        counted += Int64(piece.count)
                        if size + counted > limit { throw tooLarge() }
                        hasher.update(bufferPointer: piece)
                    }
                }
            } catch let e as JUnitParseError {
                throw Problem.badRequest("bad_compression", "the body is not valid gzip: \(e.message)")
            }
            self.hasher = hasher
            size += counted
        case .plain(let deflater):
            size += Int64(chunk.readableBytes)
            if size > limit { throw tooLarge() }
            chunk.withUnsafeReadableBytes { raw in
                hasher.update(bufferPointer: raw)
                deflater.feed(raw)
            }
        }
    }

    /// The finished report; throws for an empty body or a cut-off gzip stream.
    mutating func finish() throws -> Received {
        switch mode {
        case nil:
            throw Problem.badRequest("empty_report", "the request body is empty: send the JUnit XML report as the body")
        case .gzip(let inflater):
            guard inflater.finished else {
                throw Problem.badRequest("bad_compression", "the gzip body ends before its stream does (cut off?)")
            }
            if size == 0 { throw Problem.badRequest("empty_report", "the report is empty once decompressed") }
        case .plain(let deflater):
            compressed = deflater.finish()
        }
        return Received(gzip: compressed, sha256: Array(hasher.finalize()), size: size)
    }

    private func tooLarge() -> Problem {
        Problem(
            .contentTooLarge, "too_large", "Report too large",
            "the report is larger than this server's limit of \(limit) bytes uncompressed; split it by test file")
    }
}
