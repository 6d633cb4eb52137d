import Foundation
import PostgresNIO

extension Store {
    /// Queues a job for analysis (its runs and rollups are recomputed by ``analyzeNextJob(settings:)``).
    public func queueAnalysis(jobID: Int64) async throws {
        try await client.query(
            """
            INSERT INTO analysis_queue (job_id) VALUES (\(jobID))
            ON CONFLICT (job_id) DO UPDATE SET queued_at = now(), claimed_at = NULL
            """, logger: logger)
    }

    /// Analyzes the oldest queued job: recomputes its runs, its infrastructure flag, the
    /// same-commit evidence of its commit, and the daily rollups of every (day, test) that changed.
    /// Returns the job's id, or `nil` when the queue is empty.
    ///
    /// One analysis runs at a time across all processes (an advisory lock), so rollups are never
    /// computed from a half-updated commit.
    public func analyzeNextJob(settings: AnalysisSettings) async throws -> Int64? {
        // Claim the job in a transaction of its own: an upload of the same job that completes
        // meanwhile queues it again instead of waiting for this analysis to end.
        let next = try await client.query(
            """
            UPDATE analysis_queue SET claimed_at = now() WHERE job_id = (
                SELECT job_id FROM analysis_queue
                WHERE claimed_at IS NULL OR claimed_at < now() - interval '10 minutes'
                ORDER BY queued_at, job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING job_id
            """, logger: logger)
        var found: Int64?
        for try await id in next.decode(Int64.self) { found = id }
        guard let job = found else { return nil }
        do {
            try await client.withTransaction(logger: logger) { conn in
                try await conn.query("SELECT pg_advisory_xact_lock(hashtext('hudrelay_analysis'))", logger: logger)
                try await analyze(job: job, settings: settings, on: conn)
                // Done, unless an upload queued the job again meanwhile.
                try await conn.query(
                    "DELETE FROM analysis_queue WHERE job_id = \(job) AND claimed_at IS NOT NULL", logger: logger)
            }
        } catch {
            // Release the claim for the next attempt.
            try? await queueAnalysis(jobID: job)
            throw error
        }
        return job
    }

    /// Queues every job and analyzes them all: after changing ``AnalysisSettings``.
    public func reanalyzeAll(settings: AnalysisSettings) async throws -> Int {
        try await client.query(
            """
            INSERT INTO analysis_queue (job_id) SELECT DISTINCT job_id FROM uploads WHERE state = 'done'
            ON CONFLICT (job_id) DO NOTHING
            """, logger: logger)
        var count = 0
        while try await analyzeNextJob(settings: settings) != nil { count += 1 }
        return count
    }

    private func analyze(job: Int64, settings: AnalysisSettings, on conn: PostgresConnection) async throws {
        // The pairs the job's old runs counted in, then its runs anew from its results.
        try await conn.query(
            "INSERT INTO analysis_dirty (day, test_id) SELECT day, test_id FROM runs WHERE job_id = \(job)",
            logger: logger)
        try await conn.query("DELETE FROM runs WHERE job_id = \(job)", logger: logger)
        try await conn.query(
            """
            INSERT INTO runs (job_id, test_id, day, at, repo, sha, branch, stage, card_type, node, outcome, retry,
                              file_rerun, failed_attempts, message, signature)
            SELECT r.job_id, r.test_id, (min(r.recorded_at) AT TIME ZONE 'UTC')::date, max(r.recorded_at),
                   j.repo, j.sha, coalesce(j.branch, ''), coalesce(j.stage, -1), coalesce(j.card_type, ''),
                   coalesce(j.node, ''),
                   CASE WHEN bool_or(r.green) THEN 'passed' WHEN bool_or(r.red) THEN 'failed' ELSE 'skipped' END,
                   bool_or(r.flaky), bool_or(r.green) AND bool_or(r.red),
                   sum(r.reruns + CASE WHEN r.red THEN 1 ELSE 0 END),
                   (array_agg(r.msg ORDER BY r.recorded_at, r.ordinal) FILTER (WHERE r.msg IS NOT NULL))[1],
                   (array_agg(hudrelay_failure_signature(r.kind, r.msg) ORDER BY r.recorded_at, r.ordinal)
                        FILTER (WHERE r.msg IS NOT NULL OR r.kind IS NOT NULL))[1]
            FROM (SELECT x.*, x.outcome IN ('passed', 'xfailed', 'xpassed') AS green,
                         x.outcome IN ('failed', 'error') AS red,
                         CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_message
                              WHEN x.flaky THEN x.attempts -> 0 ->> 'message' END AS msg,
                         CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_type
                              WHEN x.flaky THEN x.attempts -> 0 ->> 'type' END AS kind
                  FROM results x WHERE x.job_id = \(job)) r
            JOIN jobs j ON j.id = r.job_id
            GROUP BY r.job_id, r.test_id, j.repo, j.sha, j.branch, j.stage, j.card_type, j.node
            """, logger: logger)
        // An infrastructure incident: too many of the job's executed tests failed.
        try await conn.query(
            """
            UPDATE jobs SET executed_tests = x.executed, failed_tests = x.failed,
                   infra_incident = x.executed >= \(settings.infraMinTests)
                                    AND x.failed > \(settings.infraShare) * x.executed
            FROM (SELECT count(*) FILTER (WHERE outcome <> 'skipped') AS executed,
                         count(*) FILTER (WHERE outcome = 'failed') AS failed
                  FROM runs WHERE job_id = \(job)) x
            WHERE id = \(job)
            """, logger: logger)
        try await conn.query(
            "UPDATE runs SET infra = j.infra_incident FROM jobs j WHERE j.id = \(job) AND runs.job_id = \(job)",
            logger: logger)
        // Same-commit evidence for the job's tests, in every job of the same commit and configuration.
        try await conn.query(
            """
            WITH me AS (SELECT repo, sha, stage, card_type FROM runs WHERE job_id = \(job) LIMIT 1),
            tests AS (SELECT test_id FROM runs WHERE job_id = \(job) UNION SELECT test_id FROM analysis_dirty),
            judged AS (
                SELECT r.job_id, r.test_id,
                       r.outcome = 'failed' AND NOT r.infra AND EXISTS (
                           SELECT 1 FROM runs o
                           WHERE o.repo = r.repo AND o.sha = r.sha AND o.test_id = r.test_id AND o.stage = r.stage
                             AND o.card_type = r.card_type AND o.outcome = 'passed' AND NOT o.infra
                             AND o.job_id <> r.job_id) AS same_commit
                FROM runs r JOIN me ON r.repo = me.repo AND r.sha = me.sha AND r.stage = me.stage
                                   AND r.card_type = me.card_type
                WHERE r.test_id IN (SELECT test_id FROM tests)),
            changed AS (
                UPDATE runs u SET same_commit = judged.same_commit FROM judged
                WHERE u.job_id = judged.job_id AND u.test_id = judged.test_id
                  AND (u.same_commit <> judged.same_commit OR u.job_id = \(job))
                RETURNING u.day, u.test_id)
            INSERT INTO analysis_dirty (day, test_id) SELECT day, test_id FROM changed
            """, logger: logger)
        try await conn.query(
            "INSERT INTO analysis_dirty (day, test_id) SELECT day, test_id FROM runs WHERE job_id = \(job)",
            logger: logger)
        // The rollups of every pair that changed, recomputed from the runs.
        try await conn.query(
            """
            DELETE FROM flaky_daily f USING (SELECT DISTINCT day, test_id FROM analysis_dirty) d
            WHERE f.day = d.day AND f.test_id = d.test_id
            """, logger: logger)
        try await conn.query(
            """
            INSERT INTO flaky_daily (day, test_id, stage, card_type, node, branch, executed, flaky, retry, file_rerun,
                                     same_commit, failed)
            SELECT r.day, r.test_id, r.stage, r.card_type, r.node, r.branch,
                   count(*) FILTER (WHERE r.outcome <> 'skipped'),
                   count(*) FILTER (WHERE r.retry OR r.file_rerun OR r.same_commit),
                   count(*) FILTER (WHERE r.retry), count(*) FILTER (WHERE r.file_rerun),
                   count(*) FILTER (WHERE r.same_commit), count(*) FILTER (WHERE r.outcome = 'failed')
            FROM runs r JOIN (SELECT DISTINCT day, test_id FROM analysis_dirty) d
                 ON r.day = d.day AND r.test_id = d.test_id
            WHERE NOT r.infra AND r.outcome <> 'skipped'
            GROUP BY r.day, r.test_id, r.stage, r.card_type, r.node, r.branch
            """, logger: logger)
        try await conn.query(
            """
            DELETE FROM flaky_daily_totals f USING (SELECT DISTINCT day, test_id FROM analysis_dirty) d
            WHERE f.day = d.day AND f.test_id = d.test_id
            """, logger: logger)
        try await conn.query(
            """
            INSERT INTO flaky_daily_totals (day, test_id, executed, flaky, retry, file_rerun, same_commit, failed)
            SELECT f.day, f.test_id, sum(f.executed), sum(f.flaky), sum(f.retry), sum(f.file_rerun), sum(f.same_commit),
                   sum(f.failed)
            FROM flaky_daily f JOIN (SELECT DISTINCT day, test_id FROM analysis_dirty) d
                 ON f.day = d.day AND f.test_id = d.test_id
            GROUP BY f.day, f.test_id
            """, logger: logger)
        try await conn.query("DELETE FROM analysis_dirty", logger: logger)
    }
}
