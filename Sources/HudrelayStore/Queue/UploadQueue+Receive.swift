import Foundation
import HudrelayJUnit
import NIOCore
import PostgresNIO

extension UploadQueue {
    /// Stores a report with its job context, committed before this returns. `content` says where
    /// the raw report is (``UploadContent/archived(key:storedBytes:)``: written to the archive
    /// before this is called).
    ///
    /// The same job and the same content (SHA-256 of the uncompressed report) return the earlier
    /// upload with `created == false`; nothing is stored twice. `publishing` says whether a new
    /// job answering a relay dispatch gets its `in_progress` callback.
    public func storeUpload(
        context: JobContext, filename: String, content: UploadContent, sha256: [UInt8], size: Int64,
        publishing: PublishSettings
    ) async throws -> StoredUpload {
        try context.validate()
        let c = context
        var gzipBytes: ByteBuffer?
        var key: String?
        var stored: Int64?
        switch content {
        case .inline(let bytes): gzipBytes = ByteBuffer(bytes: bytes)
        case .archived(let k, let n): (key, stored) = (k, n)
        case .expired: throw StoreError(.badContext, "a new upload's report cannot be expired")
        }
        let digest = ByteBuffer(bytes: sha256)
        return try await client.withTransaction(logger: logger) { conn in
            // The client is told the report is stored: it must survive a crash of the database even
            // where the server commits asynchronously by default.
            try await conn.perform("SET LOCAL synchronous_commit = on", logger: logger)
            if let key {
                // Retention deletes an object only under this key's exclusive lock, after seeing
                // no row refer to it (``UploadQueue/withReportLock(key:_:)``).
                try await conn.perform(
                    "SELECT pg_advisory_xact_lock_shared(hashtextextended(\(key), 0))", logger: logger)
            }
            let jobID = try await store.outbox.upsertJob(c, publishing: publishing, on: conn)
            let inserted = try await conn.query(
                """
                INSERT INTO uploads (job_id, filename, content_gzip, content_key, stored_bytes, sha256, size_bytes)
                VALUES (\(jobID), \(filename), \(gzipBytes), \(key), \(stored), \(digest), \(size))
                ON CONFLICT (job_id, sha256) DO NOTHING
                RETURNING id, state
                """, logger: logger)
            for try await (id, state) in inserted.decode((UUID, String).self) {
                return StoredUpload(id: id, state: UploadState(rawValue: state) ?? .queued, created: true, jobID: jobID)
            }
            let existing = try await conn.query(
                "SELECT id, state FROM uploads WHERE job_id = \(jobID) AND sha256 = \(digest)", logger: logger)
            for try await (id, state) in existing.decode((UUID, String).self) {
                return StoredUpload(
                    id: id, state: UploadState(rawValue: state) ?? .queued, created: false, jobID: jobID)
            }
            throw StoreError(.badContext, "the upload vanished while it was being stored")
        }
    }

    /// An upload's status, or `nil` when there is no such upload.
    public func uploadStatus(id: UUID) async throws -> UploadStatus? {
        let rows = try await client.query(
            """
            SELECT id, job_id, state, error, error_kind, error_line, error_column, counts::text, attempts,
                   size_bytes, filename, received_at
            FROM uploads WHERE id = \(id)
            """, logger: logger)
        for try await row in rows.decode(
            (UUID, Int64, String, String?, String?, Int?, Int?, String?, Int, Int64, String, Date).self)
        {
            let counts = row.7.flatMap { try? CountsJSON.decode($0) }
            return UploadStatus(
                id: row.0, jobID: row.1, state: UploadState(rawValue: row.2) ?? .queued, error: row.3, errorKind: row.4,
                errorLine: row.5, errorColumn: row.6, counts: counts, attempts: row.8, size: row.9, filename: row.10,
                receivedAt: row.11)
        }
        return nil
    }

    /// Where an upload's raw report is, with its file name; `nil` when there is no such upload.
    public func uploadContent(id: UUID) async throws -> (filename: String, content: UploadContent)? {
        let rows = try await client.query(
            """
            SELECT filename, content_gzip, content_key, stored_bytes, content_expired_at
            FROM uploads WHERE id = \(id)
            """, logger: logger)
        for try await (name, bytes, key, stored, expired) in rows.decode(
            (String, ByteBuffer?, String?, Int64?, Date?).self)
        {
            if let bytes { return (name, .inline(Array(bytes.readableBytesView))) }
            if let key { return (name, .archived(key: key, storedBytes: stored ?? 0)) }
            return (name, .expired(at: expired ?? Date(timeIntervalSince1970: 0)))
        }
        return nil
    }

    /// Queue depth (queued and processing uploads) and the age of the oldest queued one.
    public func queueStats() async throws -> (depth: Int, oldestQueuedSeconds: Double) {
        let rows = try await client.query(
            """
            SELECT count(*)::int8,
                   COALESCE(EXTRACT(EPOCH FROM now() - min(received_at) FILTER (WHERE state = 'queued')), 0)::float8
            FROM uploads WHERE state IN ('queued', 'processing')
            """, logger: logger)
        for try await (depth, age) in rows.decode((Int64, Double).self) { return (Int(depth), age) }
        return (0, 0)
    }
}
