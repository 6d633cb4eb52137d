import Foundation
import PostgresNIO

extension AnalysisStore {
    /// Queues a whole job for analysis (all its runs and their rollups are recomputed by
    /// ``analyzeNextJob(settings:)``); completed uploads queue only their own tests.
    public func queueAnalysis(jobID: Int64) async throws {
        try await client.perform(
            """
            INSERT INTO analysis_queue (job_id, uploads) VALUES (\(jobID), NULL)
            ON CONFLICT (job_id) DO UPDATE SET uploads = NULL, queued_at = now(), claimed_at = NULL
            """, logger: logger)
    }

    /// Analyzes the oldest queued job: recomputes its runs, its infrastructure flag, the
    /// same-commit evidence of its commit, and the daily rollups of every (day, test) that changed.
    /// Returns the job's id, or `nil` when the queue is empty.
    ///
    /// One analysis runs at a time across all processes (an advisory lock), so rollups are never
    /// computed from a half-updated commit.
    ///
    /// - Parameter started: called with the job and the database backend that analyzes it, once
    ///   the analysis transaction has begun, so a watchdog can tell a long statement from a dead
    ///   connection (``backendAlive(_:)``) and keep the claim fresh (``renewAnalysisClaim(job:)``).
    public func analyzeNextJob(
        settings: AnalysisSettings, started: @Sendable (Int64, DatabaseBackend) -> Void = { _, _ in }
    ) async throws -> Int64? {
        // Claim the job in a transaction of its own: an upload of the same job that completes
        // meanwhile queues it again instead of waiting for this analysis to end.
        let next = try await client.query(
            """
            UPDATE analysis_queue SET claimed_at = now() WHERE job_id = (
                SELECT job_id FROM analysis_queue
                WHERE claimed_at IS NULL OR claimed_at < now() - make_interval(secs => \(Self.analysisClaimSeconds))
                ORDER BY queued_at, job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING job_id, uploads
            """, logger: logger)
        var found: (Int64, [UUID]?)?
        for try await (id, uploads) in next.decode((Int64, [UUID]?).self) { found = (id, uploads) }
        guard let (job, queued) = found else { return nil }
        // A job of many reports is analyzed a batch of uploads at a time, so one analysis stays short.
        let uploads = queued.map { Array($0.prefix(max(1, settings.uploadsPerAnalysis))) }
        do {
            try await client.withTransaction(logger: logger) { conn in
                started(job, try await DatabaseBackend.current(on: conn, logger: logger))
                try await conn.perform("SELECT pg_advisory_xact_lock(hashtext('hudrelay_analysis'))", logger: logger)
                // Each statement runs once per batch: compiling it (JIT) costs more than it saves.
                try await conn.perform("SET LOCAL jit = off", logger: logger)
                // A batch touches a few thousand (day, test) pairs of millions: probing the runs'
                // and rollups' (test_id, day) indexes is 10-40x faster than scanning them, and the
                // default cost of a random read (4, for spinning disks) hides that from the
                // planner. A batch big enough to need a scan still gets one.
                try await conn.perform("SET LOCAL random_page_cost = 1.1", logger: logger)
                try await analyze(job: job, uploads: uploads, settings: settings, on: conn)
                // Done, unless an upload queued the job again meanwhile or uploads are left over:
                // then only the uploads analyzed here leave the list.
                if uploads == nil {
                    try await conn.perform(
                        "DELETE FROM analysis_queue WHERE job_id = \(job) AND claimed_at IS NOT NULL", logger: logger)
                } else if let uploads {
                    try await conn.perform(
                        """
                        UPDATE analysis_queue
                        SET uploads = ARRAY(SELECT u FROM unnest(uploads) u WHERE u <> ALL(\(uploads)::uuid[])),
                            claimed_at = NULL
                        WHERE job_id = \(job) AND uploads IS NOT NULL
                        """, logger: logger)
                    try await conn.perform(
                        "DELETE FROM analysis_queue WHERE job_id = \(job) AND uploads = '{}'", logger: logger)
                }
            }
        } catch {
            // Release the claim: the whole job is analyzed on the next attempt. The database may
            // be restarting (what failed the analysis): try for a few seconds, or the claim holds
            // the job back until it expires (``analysisClaimSeconds``).
            for _ in 0..<20 {
                if (try? await queueAnalysis(jobID: job)) != nil || Task.isCancelled { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
            throw error
        }
        return job
    }

    /// How long a claim on a job's analysis lasts without renewal (an analyzer that died): another
    /// analyzer takes the job after that.
    public static let analysisClaimSeconds = 60.0

    /// Keeps a claimed job's analysis from being taken over while it runs.
    public func renewAnalysisClaim(job: Int64) async throws {
        try await client.perform(
            "UPDATE analysis_queue SET claimed_at = now() WHERE job_id = \(job) AND claimed_at IS NOT NULL",
            logger: logger)
    }

    /// Whether `backend` is still connected: `false` once its connection has died (a restart, a
    /// dropped connection), even when our end of it has not noticed.
    public func backendAlive(_ backend: DatabaseBackend) async throws -> Bool {
        let rows = try await client.query(
            """
            SELECT count(*)::int8 FROM pg_stat_activity
            WHERE pid = \(backend.pid) AND backend_start = \(backend.started)
            """, logger: logger)
        for try await n in rows.decode(Int64.self) { return n > 0 }
        return false
    }

    /// Queues every job and analyzes them all: after changing ``AnalysisSettings``.
    public func reanalyzeAll(settings: AnalysisSettings) async throws -> Int {
        try await client.perform(
            """
            INSERT INTO analysis_queue (job_id, uploads) SELECT DISTINCT job_id, NULL::uuid[] FROM uploads
            WHERE state = 'done'
            ON CONFLICT (job_id) DO UPDATE SET uploads = NULL, queued_at = now(), claimed_at = NULL
            """, logger: logger)
        var count = 0
        while try await analyzeNextJob(settings: settings) != nil { count += 1 }
        return count
    }
}
