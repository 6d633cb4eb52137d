import Foundation
import PostgresNIO

extension AnalysisStore {
    /// Recomputes one job's runs and everything that depends on them. With `uploads`, only the
    /// runs of the tests in those uploads (a job of many reports is analyzed report by report);
    /// with `nil`, every run of the job. Runs inside the analysis lock.
    ///
    /// The uploads' results are found by the primary key (`recorded_at` is the upload's receipt
    /// time). When none of their tests has a run in the job yet (the usual case: each report of a
    /// job holds other tests), the runs come from those results alone, so a batch costs what its
    /// own uploads hold. Tests seen before in the job (a file rerun) are recomputed from all the
    /// job's results. A test of these uploads that is also in an upload not analyzed yet gets its
    /// run recomputed from everything when that upload's turn comes, since the run exists then.
    ///
    /// A job whose results are partly past retention (docs/scaling.md) keeps the runs it has: a
    /// whole-job analysis of it does nothing, and new uploads' tests get their runs from those
    /// uploads alone.
    func analyze(
        job: Int64, uploads: [UUID]?, settings: AnalysisSettings, on conn: PostgresConnection
    )
        async throws
    {
        let gone = try await conn.query(RetentionStore.jobResultsGoneQuery(job), logger: logger)
        var pastRetention = false
        for try await _ in gone.decode(Date.self) { pastRetention = true }
        if pastRetention && uploads == nil {
            logger.notice("job past results retention keeps its runs", metadata: ["job": "\(job)"])
            return
        }
        var scope = ""
        var only: [UUID]?
        if let uploads {
            try await conn.perform(
                """
                INSERT INTO analysis_tests (test_id)
                SELECT DISTINCT r.test_id
                FROM uploads u JOIN results r ON r.recorded_at = u.received_at AND r.upload_id = u.id
                WHERE u.id = ANY(\(uploads)::uuid[]) AND u.job_id = \(job)
                """, logger: logger)
            scope = " AND test_id IN (SELECT test_id FROM analysis_tests)"
            // The table is empty between analyses, and so are its statistics when autovacuum
            // looked last: the planner would loop over "a few" tests, each time through all runs.
            try await conn.perform("ANALYZE analysis_tests", logger: logger)
            let seen = try await conn.query(
                """
                SELECT EXISTS (SELECT 1 FROM runs r JOIN analysis_tests a ON a.test_id = r.test_id
                               WHERE r.job_id = \(job))
                """, logger: logger)
            var rerun = true
            for try await s in seen.decode(Bool.self) { rerun = s }
            only = rerun && !pastRetention ? nil : uploads
        }
        // The pairs the old runs counted in, then the runs anew from the results.
        try await conn.perform(
            "INSERT INTO analysis_dirty (\(unescaped: AnalysisSQL.dirtyColumns)) SELECT \(unescaped: AnalysisSQL.dirtyColumns) FROM runs WHERE job_id = \(job)\(unescaped: scope)",
            logger: logger)
        try await conn.perform("DELETE FROM runs WHERE job_id = \(job)\(unescaped: scope)", logger: logger)
        try await insertRuns(job: job, scope: scope, only: only, settings: settings, on: conn)
        try await conn.perform(
            PostgresQuery(unsafeSQL: AnalysisSQL.insertStageTests(where: "r.job_id = \(job)" + scope)), logger: logger)
        try await conn.perform(
            "INSERT INTO analysis_dirty (\(unescaped: AnalysisSQL.dirtyColumns)) SELECT \(unescaped: AnalysisSQL.dirtyColumns) FROM runs WHERE job_id = \(job)\(unescaped: scope)",
            logger: logger)
        // An infrastructure incident: too many of the job's executed tests failed. When the flag
        // changes, every run of the job changes with it.
        let flags = try await conn.query(
            """
            WITH old AS (SELECT infra_incident FROM jobs WHERE id = \(job))
            UPDATE jobs SET executed_tests = x.executed, failed_tests = x.failed, analyzed_at = now(),
                   infra_incident = x.executed >= \(settings.infraMinTests)
                                    AND x.failed > \(settings.infraShare) * x.executed
            FROM (SELECT count(*) FILTER (WHERE outcome <> 'skipped') AS executed,
                         count(*) FILTER (WHERE outcome = 'failed') AS failed
                  FROM runs WHERE job_id = \(job)) x
            WHERE id = \(job)
            RETURNING jobs.infra_incident, (SELECT infra_incident FROM old)
            """, logger: logger)
        var changed = false
        for try await (now, before) in flags.decode((Bool, Bool).self) { changed = now != before }
        let infraScope = changed ? "" : scope
        if changed {
            try await conn.perform(
                "INSERT INTO analysis_dirty (\(unescaped: AnalysisSQL.dirtyColumns)) SELECT \(unescaped: AnalysisSQL.dirtyColumns) FROM runs WHERE job_id = \(job)",
                logger: logger)
        }
        try await conn.perform(
            """
            UPDATE runs SET infra = j.infra_incident FROM jobs j
            WHERE j.id = \(job) AND runs.job_id = \(job) AND runs.infra <> j.infra_incident\(unescaped: infraScope)
            """, logger: logger)
        try await conn.perform("ANALYZE analysis_dirty", logger: logger)
        try await updateSameCommit(job: job, on: conn)
        try await refreshRollups(on: conn)
        try await conn.perform("DELETE FROM analysis_tests", logger: logger)
    }

    /// Inserts the runs of the job's tests in `scope`, from the results of the uploads `only` when
    /// given (found by the primary key: every receipt time against every id; a pair that is not
    /// an upload's matches nothing), else from all the job's results.
    private func insertRuns(
        job: Int64, scope: String, only: [UUID]?, settings: AnalysisSettings, on conn: PostgresConnection
    ) async throws {
        var filter = "x.job_id = $1"
        if only != nil {
            filter += """
                 AND x.upload_id = ANY($2::uuid[])
                 AND x.recorded_at = ANY(ARRAY(SELECT u.received_at FROM uploads u WHERE u.id = ANY($2::uuid[])))
                """
        } else if !scope.isEmpty {
            filter += " AND x.test_id IN (SELECT a.test_id FROM analysis_tests a)"
        }
        var query = PostgresQuery(
            unsafeSQL: AnalysisSQL.insertRuns(where: filter, podRetryFlaky: settings.podRetryFlaky))
        query.binds.append(job)
        if let only { query.binds.append(only) }
        // Reading the job's results for some tests must be one pass over the job's results against
        // a hash of the tests. Statistics lag a job that is still loading: the planner would sort
        // all the job's results for a merge join, or loop over them once per test.
        let rerun = only == nil && !scope.isEmpty
        if rerun {
            try await conn.perform("SET LOCAL enable_nestloop = off", logger: logger)
            try await conn.perform("SET LOCAL enable_mergejoin = off", logger: logger)
            try await conn.perform("SET LOCAL work_mem = '64MB'", logger: logger)
        }
        try await conn.perform(query, logger: logger)
        if rerun {
            for setting in ["enable_nestloop", "enable_mergejoin", "work_mem"] {
                try await conn.perform(PostgresQuery(unsafeSQL: "SET LOCAL \(setting) TO DEFAULT"), logger: logger)
            }
        }
    }

    /// Same-commit evidence for the tests whose runs changed, in every job of the same commit and
    /// configuration.
    private func updateSameCommit(job: Int64, on conn: PostgresConnection) async throws {
        try await conn.perform(
            """
            WITH me AS (SELECT repo, sha, stage, card_type FROM runs WHERE job_id = \(job) LIMIT 1),
            tests AS (SELECT DISTINCT test_id FROM analysis_dirty),
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
                  AND u.same_commit <> judged.same_commit
                RETURNING u.day, u.test_id, u.stage, u.card_type, u.node, u.branch, u.architecture)
            INSERT INTO analysis_dirty (\(unescaped: AnalysisSQL.dirtyColumns))
            SELECT \(unescaped: AnalysisSQL.dirtyColumns) FROM changed
            """, logger: logger)
    }

    /// The rollups of every (day, test, slice) in `analysis_dirty`, recomputed from the runs, and
    /// the day totals of their (day, test) from the rollups.
    private func refreshRollups(on conn: PostgresConnection) async throws {
        try await conn.perform(
            """
            DELETE FROM flaky_daily f USING (SELECT DISTINCT \(unescaped: AnalysisSQL.dirtyColumns) FROM analysis_dirty) d
            WHERE f.day = d.day AND f.test_id = d.test_id AND f.stage = d.stage AND f.card_type = d.card_type
              AND f.node = d.node AND f.branch = d.branch AND f.architecture = d.architecture
            """, logger: logger)
        try await conn.perform(
            PostgresQuery(unsafeSQL: AnalysisSQL.insertDaily(join: AnalysisSQL.dirtySlices("r"))), logger: logger)
        try await conn.perform(
            """
            DELETE FROM flaky_daily_totals f USING (SELECT DISTINCT day, test_id FROM analysis_dirty) d
            WHERE f.day = d.day AND f.test_id = d.test_id
            """, logger: logger)
        try await conn.perform(
            PostgresQuery(unsafeSQL: AnalysisSQL.insertTotals(join: AnalysisSQL.dirtyPairs("f"))), logger: logger)
        try await conn.perform("DELETE FROM analysis_dirty", logger: logger)
    }
}
