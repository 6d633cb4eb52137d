import PostgresNIO

extension ReadStore {
    /// The share of executed tests that were flaky over the last `days` days, for `/metrics`: a
    /// test is flaky with at least `minFlakyRuns` flaky runs and not failing in every run, as in
    /// the flaky report (docs/flakiness.md). Reads the per-day totals only.
    public func flakyShare(days: Int, minFlakyRuns: Int) async throws -> (flaky: Int, executed: Int) {
        let rows = try await client.query(
            """
            SELECT (count(*) FILTER (WHERE flaky >= \(minFlakyRuns) AND failed < executed))::int8, count(*)::int8
            FROM (SELECT test_id, sum(flaky) AS flaky, sum(failed) AS failed, sum(executed) AS executed
                  FROM flaky_daily_totals WHERE day > current_date - \(days)::int
                  GROUP BY test_id HAVING sum(executed) > 0) t
            """, logger: logger)
        for try await (f, e) in rows.decode((Int64, Int64).self) { return (Int(f), Int(e)) }
        return (0, 0)
    }
}
