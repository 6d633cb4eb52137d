import Foundation
import PostgresNIO

extension AnalysisStore {
    /// Recomputes every run, infrastructure flag, same-commit flag and rollup from `results` in a
    /// few set-based statements: what analyzing every job one by one gives, much faster on a
    /// large history. Empties the analysis queue. Returns the number of runs.
    ///
    /// Days whose results are past retention (docs/scaling.md) cannot be recomputed: their runs,
    /// rollups and stage days are kept as they are, and only the days after are rebuilt.
    ///
    /// - Important: Holds the analysis lock for the whole rebuild; the analyzer waits.
    public func rebuildAnalysis(settings: AnalysisSettings) async throws -> Int {
        try await client.withTransaction(logger: logger) { conn -> Int in
            try await conn.perform("SELECT pg_advisory_xact_lock(hashtext('hudrelay_analysis'))", logger: logger)
            // Statements over every result: compiling them pays (connections start without JIT).
            try await conn.perform("SET LOCAL jit = on", logger: logger)
            let marks = try await conn.query(
                "SELECT before FROM retention_marks WHERE what = 'results'", logger: logger)
            var gone: Date?
            for try await before in marks.decode(Date.self) { gone = before }
            if let gone {
                try await conn.perform("TRUNCATE analysis_queue, analysis_dirty, analysis_tests", logger: logger)
                for table in ["runs", "flaky_daily", "flaky_daily_totals", "stage_test_days", "stage_day_coverage"] {
                    try await conn.perform(
                        Self.since(
                            gone, "DELETE FROM \(table) WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date"),
                        logger: logger)
                }
            } else {
                try await conn.perform(
                    """
                    TRUNCATE runs, flaky_daily, flaky_daily_totals, analysis_queue, analysis_dirty, analysis_tests,
                             stage_tests, stage_test_days, stage_day_coverage
                    """,
                    logger: logger)
            }
            let from = gone ?? Date(timeIntervalSince1970: 0)
            let day = "($1::timestamptz AT TIME ZONE 'UTC')::date"
            try await conn.perform(
                Self.since(
                    from,
                    AnalysisSQL.insertRuns(where: "x.recorded_at >= $1", podRetryFlaky: settings.podRetryFlaky)),
                logger: logger)
            try await conn.perform(
                """
                UPDATE jobs SET executed_tests = x.executed, failed_tests = x.failed,
                       infra_incident = x.executed >= \(settings.infraMinTests)
                                        AND x.failed > \(settings.infraShare) * x.executed
                FROM (SELECT job_id, count(*) FILTER (WHERE outcome <> 'skipped') AS executed,
                             count(*) FILTER (WHERE outcome = 'failed') AS failed
                      FROM runs GROUP BY job_id) x
                WHERE jobs.id = x.job_id
                """, logger: logger)
            try await conn.perform(
                Self.since(
                    from,
                    """
                    UPDATE runs SET infra = j.infra_incident FROM jobs j
                    WHERE j.id = runs.job_id AND runs.infra <> j.infra_incident AND runs.day >= \(day)
                    """), logger: logger)
            try await conn.perform(
                Self.since(
                    from,
                    """
                    UPDATE runs r SET same_commit = true
                    FROM (SELECT repo, sha, stage, card_type, test_id FROM runs WHERE NOT infra
                          GROUP BY 1, 2, 3, 4, 5
                          HAVING bool_or(outcome = 'passed') AND bool_or(outcome = 'failed')) g
                    WHERE r.repo = g.repo AND r.sha = g.sha AND r.stage = g.stage AND r.card_type = g.card_type
                      AND r.test_id = g.test_id AND r.outcome = 'failed' AND NOT r.infra AND r.day >= \(day)
                    """), logger: logger)
            try await conn.perform(
                Self.since(from, AnalysisSQL.insertDaily(join: "JOIN (SELECT \(day) AS since) k ON r.day >= k.since")),
                logger: logger)
            try await conn.perform(
                Self.since(from, AnalysisSQL.insertTotals(join: "JOIN (SELECT \(day) AS since) k ON f.day >= k.since")),
                logger: logger)
            try await conn.perform(
                Self.since(from, AnalysisSQL.insertStageTests(where: "r.day >= \(day)")), logger: logger)
            let rows = try await conn.query("SELECT count(*)::int8 FROM runs", logger: logger)
            var n = 0
            for try await c in rows.decode(Int.self) { n = c }
            return n
        }
    }

    /// `sql` with `$1` bound to `from`.
    private static func since(_ from: Date, _ sql: String) -> PostgresQuery {
        var query = PostgresQuery(unsafeSQL: sql)
        query.binds.append(from)
        return query
    }
}
