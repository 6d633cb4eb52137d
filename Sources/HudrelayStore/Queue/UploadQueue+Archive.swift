import Foundation
import NIOCore
import PostgresNIO

extension UploadQueue {
    /// Up to `limit` reports still held in the database (`content_gzip`, from before migration
    /// 0010), oldest first: what the report mover copies to the archive.
    public func inlineReports(limit: Int) async throws -> [InlineReport] {
        let rows = try await client.query(
            """
            SELECT id, sha256, content_gzip FROM uploads WHERE content_gzip IS NOT NULL
            ORDER BY received_at LIMIT \(limit)
            """, logger: logger)
        var out: [InlineReport] = []
        for try await (id, sha, gzip) in rows.decode((UUID, ByteBuffer, ByteBuffer).self) {
            out.append(
                InlineReport(id: id, sha256: Array(sha.readableBytesView), gzip: Array(gzip.readableBytesView)))
        }
        return out
    }

    /// Records that the report of upload `id` is in the archive under `key` and clears the row's
    /// copy. `false` when the row no longer holds it (another mover got there first).
    @discardableResult
    public func markArchived(id: UUID, key: String, storedBytes: Int64) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE uploads SET content_key = \(key), stored_bytes = \(storedBytes), content_gzip = NULL
            WHERE id = \(id) AND content_gzip IS NOT NULL RETURNING id
            """, logger: logger)
        var moved = false
        for try await _ in rows.decode(UUID.self) { moved = true }
        return moved
    }

    /// How many reports the database still holds itself.
    public func inlineReportCount() async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*)::int8 FROM uploads WHERE content_gzip IS NOT NULL", logger: logger)
        for try await n in rows.decode(Int64.self) { return Int(n) }
        return 0
    }

    /// Marks the archived reports of up to `limit` finished uploads received before `cutoff` as
    /// expired (their results stay) and returns their keys, each once.
    public func expireReports(before cutoff: Date, limit: Int) async throws -> [String] {
        let rows = try await client.query(
            """
            WITH old AS (
                SELECT id, content_key FROM uploads
                WHERE content_key IS NOT NULL AND received_at < \(cutoff) AND state IN ('done', 'failed')
                ORDER BY received_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            UPDATE uploads u SET content_expired_at = now(), content_key = NULL, stored_bytes = NULL
            FROM old o WHERE u.id = o.id
            RETURNING o.content_key
            """, logger: logger)
        var keys = Set<String>()
        for try await key in rows.decode(String.self) { keys.insert(key) }
        return keys.sorted()
    }

    /// Runs `body` holding `key`'s exclusive lock, with whether any upload still refers to the key.
    /// Retention deletes an object in `body` only when none does.
    ///
    /// - Important: A new upload of the same content takes the key's shared lock while it inserts
    ///   its row (``storeUpload(context:filename:content:sha256:size:publishing:)``) and checks the
    ///   object once committed; deleting outside this lock could lose its report.
    public func withReportLock(
        key: String, _ body: @Sendable (_ referenced: Bool) async throws -> Void
    )
        async throws
    {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.perform("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
            let rows = try await conn.query(
                "SELECT EXISTS (SELECT 1 FROM uploads WHERE content_key = \(key))", logger: logger)
            var referenced = true
            for try await r in rows.decode(Bool.self) { referenced = r }
            try await body(referenced)
        }
    }
}
