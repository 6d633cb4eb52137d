import Foundation
import PostgresNIO

extension Store {
    /// Recomputes every run, infrastructure flag, same-commit flag and rollup from `results` in a
    /// few set-based statements: what analyzing every job one by one gives, much faster on a
    /// large history. Empties the analysis queue. Returns the number of runs.
    ///
    /// - Important: Holds the analysis lock for the whole rebuild; the analyzer waits.
    public func rebuildAnalysis(settings: AnalysisSettings) async throws -> Int {
        try await client.withTransaction(logger: logger) { conn -> Int in
            try await conn.query("SELECT pg_advisory_xact_lock(hashtext('hudrelay_analysis'))", logger: logger)
            try await conn.query(
                "TRUNCATE runs, flaky_daily, flaky_daily_totals, analysis_queue, analysis_dirty, analysis_tests",
                logger: logger)
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
                FROM (SELECT x.job_id, x.test_id, x.recorded_at, x.ordinal, x.flaky, x.reruns,
                             x.outcome IN ('passed', 'xfailed', 'xpassed') AS green,
                             x.outcome IN ('failed', 'error') AS red,
                             CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_message
                                  WHEN x.flaky THEN x.attempts -> 0 ->> 'message' END AS msg,
                             CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_type
                                  WHEN x.flaky THEN x.attempts -> 0 ->> 'type' END AS kind
                      FROM results x) r
                JOIN jobs j ON j.id = r.job_id
                GROUP BY r.job_id, r.test_id, j.repo, j.sha, j.branch, j.stage, j.card_type, j.node
                """, logger: logger)
            try await conn.query(
                """
                UPDATE jobs SET executed_tests = x.executed, failed_tests = x.failed,
                       infra_incident = x.executed >= \(settings.infraMinTests)
                                        AND x.failed > \(settings.infraShare) * x.executed
                FROM (SELECT job_id, count(*) FILTER (WHERE outcome <> 'skipped') AS executed,
                             count(*) FILTER (WHERE outcome = 'failed') AS failed
                      FROM runs GROUP BY job_id) x
                WHERE jobs.id = x.job_id
                """, logger: logger)
            try await conn.query(
                "UPDATE runs SET infra = true FROM jobs j WHERE j.id = runs.job_id AND j.infra_incident",
                logger: logger)
            try await conn.query(
                """
                UPDATE runs r SET same_commit = true
                FROM (SELECT repo, sha, stage, card_type, test_id FROM runs WHERE NOT infra
                      GROUP BY 1, 2, 3, 4, 5
                      HAVING bool_or(outcome = 'passed') AND bool_or(outcome = 'failed')) g
                WHERE r.repo = g.repo AND r.sha = g.sha AND r.stage = g.stage AND r.card_type = g.card_type
                  AND r.test_id = g.test_id AND r.outcome = 'failed' AND NOT r.infra
                """, logger: logger)
            try await conn.query(
                """
                INSERT INTO flaky_daily (day, test_id, stage, card_type, node, branch, executed, flaky, retry,
                                         file_rerun, same_commit, failed)
                SELECT day, test_id, stage, card_type, node, branch, count(*),
                       count(*) FILTER (WHERE retry OR file_rerun OR same_commit), count(*) FILTER (WHERE retry),
                       count(*) FILTER (WHERE file_rerun), count(*) FILTER (WHERE same_commit),
                       count(*) FILTER (WHERE outcome = 'failed')
                FROM runs WHERE NOT infra AND outcome <> 'skipped'
                GROUP BY day, test_id, stage, card_type, node, branch
                """, logger: logger)
            try await conn.query(
                """
                INSERT INTO flaky_daily_totals (day, test_id, executed, flaky, retry, file_rerun, same_commit, failed)
                SELECT day, test_id, sum(executed), sum(flaky), sum(retry), sum(file_rerun), sum(same_commit), sum(failed)
                FROM flaky_daily GROUP BY day, test_id
                """, logger: logger)
            let rows = try await conn.query("SELECT count(*)::int8 FROM runs", logger: logger)
            var n = 0
            for try await c in rows.decode(Int.self) { n = c }
            return n
        }
    }
}
