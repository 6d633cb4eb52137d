import Foundation
import HudrelayJUnit
import NIOCore
import PostgresNIO

extension UploadQueue {
    /// Claims the next upload in one statement: the oldest queued one whose time has come, or one
    /// whose worker's lease expired (a worker that died). Returns `nil` when there is none.
    public func claimUpload(owner: String, lease: Duration) async throws -> ClaimedUpload? {
        let seconds = Double(lease.components.seconds)
        let rows = try await client.query(
            """
            UPDATE uploads u SET state = 'processing', attempts = u.attempts + 1, lease_owner = \(owner),
                   lease_expires_at = now() + make_interval(secs => \(seconds)), started_at = now()
            FROM jobs j
            WHERE u.id = (
                SELECT id FROM uploads
                WHERE (state = 'queued' AND available_at <= now())
                   OR (state = 'processing' AND lease_expires_at < now())
                ORDER BY available_at
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
              AND j.id = u.job_id
            RETURNING u.id, u.job_id, j.repo, u.content_gzip, u.content_key, u.attempts, u.received_at,
                      to_char(u.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'
            """, logger: logger)
        for try await (id, job, repo, content, key, attempt, received, recorded) in rows.decode(
            (UUID, Int64, String, ByteBuffer?, String?, Int, Date, String).self)
        {
            return ClaimedUpload(
                id: id, jobID: job, repo: repo, content: content.map { Array($0.readableBytesView) } ?? [],
                contentKey: content == nil ? key : nil, attempt: attempt, receivedAt: received,
                recordedAt: recorded)
        }
        return nil
    }

    /// Extends a held lease; `false` when the lease was lost.
    public func renewLease(id: UUID, owner: String, lease: Duration) async throws -> Bool {
        let seconds = Double(lease.components.seconds)
        let rows = try await client.query(
            """
            UPDATE uploads SET lease_expires_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing' RETURNING id
            """, logger: logger)
        var held = false
        for try await _ in rows.decode(UUID.self) { held = true }
        return held
    }

    /// Marks an upload failed for good, keeping its raw bytes; its job may then finish, with the
    /// deliveries `publishing` says.
    public func failUpload(
        id: UUID, owner: String, error: String, kind: String?, line: Int?, column: Int?, publishing: PublishSettings
    )
        async throws
    {
        try await client.withTransaction(logger: logger) { conn in
            let rows = try await conn.query(
                """
                UPDATE uploads SET state = 'failed', error = \(error), error_kind = \(kind), error_line = \(line),
                       error_column = \(column), finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND lease_owner = \(owner) RETURNING job_id
                """, logger: logger)
            var job: Int64?
            for try await j in rows.decode(Int64.self) { job = j }
            if let job { try await store.outbox.settleJob(job, newData: false, publishing: publishing, on: conn) }
        }
    }

    /// Puts an upload back in the queue after a transient failure, to be tried again after `delay`.
    public func retryUpload(id: UUID, owner: String, error: String, after delay: Duration) async throws {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        try await client.perform(
            """
            UPDATE uploads SET state = 'queued', error = \(error), lease_owner = NULL, lease_expires_at = NULL,
                   available_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(id) AND lease_owner = \(owner)
            """, logger: logger)
    }

    /// Puts an upload back to be tried after `delay` without counting the attempt: what it needs
    /// (the report archive) is down, not the report.
    public func deferUpload(id: UUID, owner: String, error: String, after delay: Duration) async throws {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        try await client.perform(
            """
            UPDATE uploads SET state = 'queued', error = \(error), lease_owner = NULL, lease_expires_at = NULL,
                   available_at = now() + make_interval(secs => \(seconds)), attempts = greatest(attempts - 1, 0)
            WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing'
            """, logger: logger)
    }

    /// Hands a held upload back to the queue at once, without counting the attempt: the worker is
    /// stopping, or its database work died. Another worker takes it immediately.
    ///
    /// - Important: Waits for the row lock of a transaction of this owner that is still running
    ///   (say, a `COPY` on a connection presumed dead). If that transaction commits, the upload is
    ///   done and this changes nothing: the upload is never loaded twice.
    public func releaseUpload(id: UUID, owner: String) async throws {
        try await client.perform(
            """
            UPDATE uploads SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, available_at = now(),
                   attempts = greatest(attempts - 1, 0)
            WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing'
            """, logger: logger)
    }

    /// Hands back every upload whose lease owner starts with `prefix` (a worker process that
    /// ended), without counting the attempts. Returns how many there were.
    @discardableResult
    public func releaseLeases(ownerPrefix prefix: String) async throws -> Int {
        let rows = try await client.query(
            """
            UPDATE uploads SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, available_at = now(),
                   attempts = greatest(attempts - 1, 0)
            WHERE state = 'processing' AND starts_with(lease_owner, \(prefix))
            RETURNING id
            """, logger: logger)
        var n = 0
        for try await _ in rows.decode(UUID.self) { n += 1 }
        return n
    }
}
