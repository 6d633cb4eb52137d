/// The statements that turn results into runs and runs into rollups, shared by the per-job
/// analysis (a job, or a job's tests) and the set-based rebuild (everything).
enum AnalysisSQL {
    /// Inserts runs from the results that `filter` (over `results x`) selects: a job's results
    /// for one test combined, with the evidence that can be read from the job alone.
    ///
    /// File-retry evidence (docs/flakiness.md): a green result after a failure in the report a
    /// whole-file retry replaced is `file_retry`, unless the retry took a fresh pod and
    /// `podRetryFlaky` is off: then it is `pod_retry`, infrastructure evidence that is shown but
    /// not counted. `retry` is a pass after a failed attempt of the report itself.
    static func insertRuns(where filter: String, podRetryFlaky: Bool) -> String {
        // Whether a result's retry kinds include a fresh pod.
        let pod = "('pod' = ANY(string_to_array(r.kinds, ',')))"
        return """
            INSERT INTO runs (job_id, test_id, day, at, repo, sha, branch, stage, card_type, node, architecture, outcome,
                              retry, file_rerun, file_retry, pod_retry, retry_kinds, failed_attempts, message, signature)
            SELECT r.job_id, r.test_id, (min(r.recorded_at) AT TIME ZONE 'UTC')::date, max(r.recorded_at),
                   j.repo, j.sha, coalesce(j.branch, ''), coalesce(j.stage, -1), coalesce(j.card_type, ''),
                   coalesce(j.node, ''), coalesce(j.architecture, ''),
                   CASE WHEN bool_or(r.green) THEN 'passed' WHEN bool_or(r.red) THEN 'failed' ELSE 'skipped' END,
                   bool_or(r.flaky AND r.reruns > CASE WHEN r.prior THEN 1 ELSE 0 END), bool_or(r.green) AND bool_or(r.red),
                   coalesce(bool_or(r.green AND r.prior AND \(podRetryFlaky ? "true" : "NOT \(pod)")), false),
                   coalesce(bool_or(r.prior AND \(pod)), false),
                   string_to_array(string_agg(DISTINCT r.kinds, ',') FILTER (WHERE r.prior AND r.kinds <> ''), ','),
                   sum(r.reruns + CASE WHEN r.red THEN 1 ELSE 0 END),
                   (array_agg(r.msg ORDER BY r.recorded_at, r.ordinal) FILTER (WHERE r.msg IS NOT NULL))[1],
                   (array_agg(hudrelay_failure_signature(r.kind, r.msg) ORDER BY r.recorded_at, r.ordinal)
                        FILTER (WHERE r.msg IS NOT NULL OR r.kind IS NOT NULL))[1]
            FROM (SELECT x.job_id, x.test_id, x.recorded_at, x.ordinal, x.flaky, x.reruns,
                         x.outcome IN ('passed', 'xfailed', 'xpassed') AS green,
                         x.outcome IN ('failed', 'error') AS red,
                         x.prior_status IS NOT NULL AS prior, coalesce(x.retried, '') AS kinds,
                         CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_message
                              WHEN x.flaky THEN x.attempts -> 0 ->> 'message' END AS msg,
                         CASE WHEN x.outcome IN ('failed', 'error') THEN x.failure_type
                              WHEN x.flaky THEN x.attempts -> 0 ->> 'type' END AS kind
                  FROM results x WHERE \(filter)) r
            JOIN jobs j ON j.id = r.job_id
            GROUP BY r.job_id, r.test_id, j.repo, j.sha, j.branch, j.stage, j.card_type, j.node, j.architecture
            """
    }

    /// Inserts the daily rollups of the runs `join` (a JOIN clause on `runs r`, or '') selects.
    static func insertDaily(join: String) -> String {
        """
        INSERT INTO flaky_daily (day, test_id, stage, card_type, node, branch, architecture, executed, flaky, retry,
                                 file_rerun, same_commit, failed, file_retry, retry_signal, retry_stall, retry_pod)
        SELECT r.day, r.test_id, r.stage, r.card_type, r.node, r.branch, r.architecture,
               count(*) FILTER (WHERE r.outcome <> 'skipped'),
               count(*) FILTER (WHERE r.retry OR r.file_rerun OR r.same_commit OR r.file_retry),
               count(*) FILTER (WHERE r.retry), count(*) FILTER (WHERE r.file_rerun),
               count(*) FILTER (WHERE r.same_commit), count(*) FILTER (WHERE r.outcome = 'failed'),
               count(*) FILTER (WHERE r.file_retry), count(*) FILTER (WHERE 'signal' = ANY(r.retry_kinds)),
               count(*) FILTER (WHERE 'stall' = ANY(r.retry_kinds)), count(*) FILTER (WHERE r.pod_retry)
        FROM runs r \(join)
        WHERE NOT r.infra AND r.outcome <> 'skipped'
        GROUP BY r.day, r.test_id, r.stage, r.card_type, r.node, r.branch, r.architecture
        """
    }

    /// Inserts the per-day totals of the daily rollups `join` (a JOIN clause on `flaky_daily f`, or
    /// '') selects.
    static func insertTotals(join: String) -> String {
        """
        INSERT INTO flaky_daily_totals (day, test_id, executed, flaky, retry, file_rerun, same_commit, failed,
                                        file_retry, retry_signal, retry_stall, retry_pod)
        SELECT f.day, f.test_id, sum(f.executed), sum(f.flaky), sum(f.retry), sum(f.file_rerun), sum(f.same_commit),
               sum(f.failed), sum(f.file_retry), sum(f.retry_signal), sum(f.retry_stall), sum(f.retry_pod)
        FROM flaky_daily f \(join)
        GROUP BY f.day, f.test_id
        """
    }

    /// The columns of `analysis_dirty`: a (day, test) and the slice of the runs that changed.
    static let dirtyColumns = "day, test_id, stage, card_type, node, branch, architecture"

    /// The (day, test, slice) rows the running analysis recomputes, as a JOIN clause on `alias`
    /// (runs or daily rollups).
    static func dirtySlices(_ alias: String) -> String {
        let on = ["day", "test_id", "stage", "card_type", "node", "branch", "architecture"]
            .map { "\(alias).\($0) = d.\($0)" }.joined(separator: " AND ")
        return "JOIN (SELECT DISTINCT \(dirtyColumns) FROM analysis_dirty) d ON \(on)"
    }

    /// The (day, test) pairs the running analysis recomputes, as a JOIN clause on `alias`.
    static func dirtyPairs(_ alias: String) -> String {
        "JOIN (SELECT DISTINCT day, test_id FROM analysis_dirty) d ON \(alias).day = d.day AND \(alias).test_id = d.test_id"
    }

    /// Adds the generic tests that the runs `filter` (over `runs r`) executed to the stage rollups:
    /// a day per stage, architecture and test in `stage_test_days`, the first and last day in
    /// `stage_tests` (docs/coverage.md); the kept coverage figures of those days go. Runs of jobs
    /// without a stage, skipped runs and tests without a generic id are left out. Executions only
    /// add: a day once executed stays.
    static func insertStageTests(where filter: String) -> String {
        """
        WITH x AS (
            SELECT DISTINCT r.repo, r.stage, r.architecture, r.day, t.generic_id
            FROM runs r JOIN tests t ON t.id = r.test_id
            WHERE \(filter) AND r.stage >= 0 AND r.outcome <> 'skipped' AND t.generic_id IS NOT NULL),
        days AS (
            INSERT INTO stage_test_days (repo, stage, architecture, day, generic_id)
            SELECT repo, stage, architecture, day, generic_id FROM x ON CONFLICT DO NOTHING),
        stale AS (
            DELETE FROM stage_day_coverage c USING (SELECT DISTINCT repo, stage, day FROM x) k
            WHERE c.repo = k.repo AND c.stage = k.stage AND c.day = k.day)
        INSERT INTO stage_tests (repo, stage, architecture, generic_id, first_day, last_day)
        SELECT repo, stage, architecture, generic_id, min(day), max(day) FROM x GROUP BY 1, 2, 3, 4
        ON CONFLICT (repo, stage, architecture, generic_id) DO UPDATE
            SET first_day = least(stage_tests.first_day, EXCLUDED.first_day),
                last_day = greatest(stage_tests.last_day, EXCLUDED.last_day)
        """
    }
}
