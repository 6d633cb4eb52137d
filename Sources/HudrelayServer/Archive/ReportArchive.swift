import Crypto
import Foundation
import HudrelayHUD
import NIOCore

/// Where raw reports live, out of the database: a directory (the embedded default) or an
/// S3-compatible bucket (the publisher's endpoint and credentials). PostgreSQL keeps each upload's
/// key, stored size and SHA-256 (docs/data-model.md).
///
/// Keys are content-addressed: `sha256/<2 hex>/<64 hex>.xml.gz`, from the SHA-256 of the
/// uncompressed report, so one report sent by several jobs is stored once and a retried write
/// lands on the same object.
public struct ReportArchive: Sendable {
    /// Where the objects are.
    public enum Backend: Sendable {
        /// Files under a folder.
        case directory(URL)
        /// Objects in a bucket, under a key prefix (such as `reports/`).
        case s3(S3Sink, prefix: String)
    }

    /// Where the objects are.
    public let backend: Backend

    /// An archive of files under `directory`.
    public static func directory(_ directory: URL) -> ReportArchive {
        ReportArchive(backend: .directory(directory.standardizedFileURL))
    }

    /// An archive of objects in `sink`'s bucket under `prefix`.
    public static func s3(_ sink: S3Sink, prefix: String = "reports/") -> ReportArchive {
        ReportArchive(backend: .s3(sink, prefix: prefix))
    }

    /// Where the archive is, for logs and `/readyz`: `file:///…` or `s3://bucket/prefix`.
    public var location: String {
        switch backend {
        case .directory(let url): url.absoluteString
        case .s3(let sink, let prefix): "s3://\(sink.bucket)/\(prefix)"
        }
    }

    /// The key of the report whose uncompressed content has `sha256`.
    public static func key(sha256: [UInt8]) -> String {
        let hex = Self.hex(sha256)
        return "sha256/\(hex.prefix(2))/\(hex).xml.gz"
    }

    /// Stores `gzip` (a report whose uncompressed SHA-256 is `sha256`) and checks it is there,
    /// whole, before returning its key and stored size.
    ///
    /// - Important: Returns only once the object is durable (a directory's file and folder are
    ///   synced; S3 answered the signed PUT, whose payload hash it checked, and a HEAD shows the
    ///   size written). A caller answers its client after this, never before.
    ///
    /// An object already at the key (the same report, from another job or an earlier try) is
    /// kept as it is: its content is the same, though its gzip may differ in size.
    public func store(gzip: [UInt8], sha256: [UInt8]) async throws -> ArchivedReport {
        let key = Self.key(sha256: sha256)
        if let existing = try await size(key: key), existing > 0 {
            return ArchivedReport(key: key, storedBytes: existing)
        }
        return try await write(gzip: gzip, key: key, sha256: sha256)
    }

    /// Writes `gzip` at `key` whether or not an object is there, and checks it.
    public func write(gzip: [UInt8], key: String, sha256: [UInt8]) async throws -> ArchivedReport {
        let expected = Int64(gzip.count)
        switch backend {
        case .directory(let root):
            try await ArchiveError.wrapping("writing \(key)") {
                try await Blocking.run { try DirectoryObjects(root: root).write(key: key, bytes: gzip) }
            }
        case .s3(let sink, let prefix):
            try await ArchiveError.wrapping("writing \(key)") {
                try await sink.put(
                    key: prefix + key, bytes: gzip,
                    headers: [("Content-Type", "application/gzip"), ("x-amz-meta-report-sha256", Self.hex(sha256))])
                let size = try await sink.size(key: prefix + key)
                guard size == expected else {
                    throw ArchiveError(
                        .unverified, "\(key) holds \(size.map(String.init) ?? "nothing") bytes, not \(expected)")
                }
            }
        }
        return ArchivedReport(key: key, storedBytes: expected)
    }

    /// The stored bytes of `key`, whole; `nil` when there is no such object.
    public func load(key: String, limit: Int = 1 << 32) async throws -> [UInt8]? {
        try await ArchiveError.wrapping("reading \(key)") {
            switch backend {
            case .directory(let root):
                return try await Blocking.run { try DirectoryObjects(root: root).read(key: key) }
            case .s3(let sink, let prefix):
                return try await sink.get(key: prefix + key, limit: limit)
            }
        }
    }

    /// The stored size of `key`; `nil` when there is no such object.
    public func size(key: String) async throws -> Int64? {
        try await ArchiveError.wrapping("looking up \(key)") {
            switch backend {
            case .directory(let root):
                return try await Blocking.run { DirectoryObjects(root: root).size(key: key) }
            case .s3(let sink, let prefix):
                return try await sink.size(key: prefix + key)
            }
        }
    }

    /// Streams `key` to `chunk`, a piece at a time (a directory's file in 1 MiB reads, an
    /// object as S3 sends it); `false` when there is no such object.
    public func stream(key: String, _ chunk: (ByteBuffer) async throws -> Void) async throws -> Bool {
        switch backend {
        case .directory(let root):
            let objects = DirectoryObjects(root: root)
            guard let handle = try await Blocking.run({ objects.open(key: key) }) else { return false }
            let box = BlockingBox(handle)
            defer { try? handle.close() }
            while true {
                let piece = try await Blocking.run { try box.value.read(upToCount: 1 << 20) ?? Data() }
                if piece.isEmpty { return true }
                try await chunk(ByteBuffer(bytes: piece))
            }
        case .s3(let sink, let prefix):
            return try await sink.stream(key: prefix + key, chunk)
        }
    }

    /// Deletes `key` (none there is fine).
    public func delete(key: String) async throws {
        try await ArchiveError.wrapping("deleting \(key)") {
            switch backend {
            case .directory(let root):
                try await Blocking.run { try DirectoryObjects(root: root).delete(key: key) }
            case .s3(let sink, let prefix):
                try await sink.delete(key: prefix + key)
            }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
