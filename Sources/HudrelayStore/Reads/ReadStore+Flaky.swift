import Foundation
import PostgresNIO

extension ReadStore {
    /// The rollup table a filter reads and its WHERE clause over binds $1…$8 (see
    /// ``filterBinds(_:slicesOnly:)``): `flaky_daily` when a stage, card type, node or branch is
    /// asked for, else the much smaller `flaky_daily_totals`.
    static func rollup(_ f: FlakyFilter, detailed: Bool = false) -> (table: String, conditions: String) {
        let sliced =
            detailed || f.stage != nil || f.cardType != nil || f.node != nil || f.branch != nil
            || f.architecture != nil
        let slices =
            sliced
            ? """
            AND ($3::int4 IS NULL OR stage = $3) AND ($4::text IS NULL OR card_type = $4)
            AND ($5::text IS NULL OR node = $5) AND ($6::text IS NULL OR branch = $6)
            AND ($9::text IS NULL OR architecture = $9)
            """
            : "AND $3::int4 IS NULL AND $4::text IS NULL AND $5::text IS NULL AND $6::text IS NULL AND $9::text IS NULL"
        return (
            sliced ? "flaky_daily" : "flaky_daily_totals",
            """
            day BETWEEN $1::date AND $2::date \(slices)
            AND ($7::text IS NULL OR test_id IN (SELECT id FROM tests WHERE file = $7))
            AND ($8::text IS NULL OR test_id IN (SELECT id FROM tests WHERE repo = $8))
            """
        )
    }

    /// Per-test counts over the filter's window, for tests with at least one flaky run, read from
    /// the daily rollups.
    public func flakyCandidates(_ f: FlakyFilter) async throws -> [TestAggregate] {
        let (table, conditions) = Self.rollup(f)
        var query = PostgresQuery(
            unsafeSQL: """
                WITH agg AS (
                    SELECT test_id, sum(executed)::int8 AS executed, sum(flaky)::int8 AS flaky,
                           sum(retry)::int8 AS retry, sum(file_rerun)::int8 AS file_rerun,
                           sum(same_commit)::int8 AS same_commit, sum(failed)::int8 AS failed,
                           sum(file_retry)::int8 AS file_retry, sum(retry_signal)::int8 AS retry_signal,
                           sum(retry_stall)::int8 AS retry_stall, sum(retry_pod)::int8 AS retry_pod,
                           min(day) FILTER (WHERE flaky > 0) AS first_flaky, max(day) FILTER (WHERE flaky > 0) AS last_flaky,
                           max(day) AS last_run
                    FROM \(table) WHERE \(conditions)
                    GROUP BY test_id HAVING sum(flaky) > 0)
                SELECT a.test_id, t.repo, t.file, t.classname, t.name, a.executed, a.flaky, a.retry, a.file_rerun,
                       a.same_commit, a.failed, a.first_flaky::text, a.last_flaky::text, a.last_run::text,
                       a.file_retry, a.retry_signal, a.retry_stall, a.retry_pod, t.generic_id
                FROM agg a JOIN tests t ON t.id = a.test_id
                """)
        query.binds = Self.filterBinds(f)
        var out: [TestAggregate] = []
        for try await r in try await read(query, logger: logger).decode(
            (
                Int64, String, String, String, String, Int, Int, Int, Int, Int, Int, String?, String?, String, Int,
                Int, Int, Int, String?
            ).self)
        {
            out.append(
                TestAggregate(
                    testID: r.0, repo: r.1, file: r.2, classname: r.3, name: r.4, executed: r.5, flaky: r.6,
                    retry: r.7, fileRerun: r.8, sameCommit: r.9, failed: r.10, fileRetry: r.14, retrySignal: r.15,
                    retryStall: r.16, retryPod: r.17, genericID: r.18, firstFlaky: r.11, lastFlaky: r.12,
                    lastRun: r.13))
        }
        return out
    }

    /// The share of flaky tests per slice of `dimension` (`all`, `file` or `day`): within each
    /// slice, a test is flaky when it has at least `minFlakyRuns` flaky runs there and did not
    /// fail every executed run there. Stage, card type and node: ``configurationShares(_:minFlakyRuns:)``.
    public func sliceShares(
        _ f: FlakyFilter, dimension: FlakyDimension, minFlakyRuns: Int
    ) async throws
        -> [SliceShare]
    {
        let value: String
        switch dimension {
        case .file: value = "t.file"
        case .day: value = "d.day::text"
        default: value = "'all'"
        }
        // Per day, a test counts as flaky on a day with any flaky run (one day rarely holds k runs).
        let threshold = dimension == .day ? 1 : minFlakyRuns
        let (table, conditions) = Self.rollup(f)
        var query = PostgresQuery(
            unsafeSQL: """
                WITH per AS (
                    SELECT \(value) AS value, d.test_id, sum(d.executed) AS executed, sum(d.flaky) AS flaky,
                           sum(d.failed) AS failed
                    FROM (SELECT * FROM \(table) WHERE \(conditions)) d
                    \(dimension == .file ? "JOIN tests t ON t.id = d.test_id" : "")
                    GROUP BY 1, 2)
                SELECT value, count(*) FILTER (WHERE executed > 0)::int8,
                       count(*) FILTER (WHERE flaky >= $10 AND failed < executed)::int8,
                       count(*) FILTER (WHERE executed > 0 AND failed = executed)::int8
                FROM per GROUP BY value ORDER BY value
                """)
        query.binds = Self.filterBinds(f)
        query.binds.append(threshold)
        var out: [SliceShare] = []
        for try await (v, executed, flaky, failing) in try await read(query, logger: logger).decode(
            (String, Int, Int, Int).self)
        {
            out.append(SliceShare(value: v, executedTests: executed, flakyTests: flaky, failingTests: failing))
        }
        return out
    }

    /// The share of flaky tests per stage, per card type and per node, in one pass over the
    /// rollups (grouping sets); the rule is applied within each slice.
    public func configurationShares(_ f: FlakyFilter, minFlakyRuns: Int) async throws -> [FlakyDimension: [SliceShare]]
    {
        let (_, conditions) = Self.rollup(f, detailed: true)
        var query = PostgresQuery(
            unsafeSQL: """
                WITH per AS (
                    SELECT GROUPING(stage, card_type, node) AS g, stage, card_type, node, test_id,
                           sum(executed) AS executed, sum(flaky) AS flaky, sum(failed) AS failed
                    FROM flaky_daily
                    WHERE \(conditions)
                    GROUP BY GROUPING SETS ((stage, test_id), (card_type, test_id), (node, test_id)))
                SELECT g, CASE g WHEN 3 THEN (CASE WHEN stage < 0 THEN '' ELSE stage::text END)
                                 WHEN 5 THEN card_type ELSE node END AS value,
                       count(*) FILTER (WHERE executed > 0)::int8,
                       count(*) FILTER (WHERE flaky >= $10 AND failed < executed)::int8,
                       count(*) FILTER (WHERE executed > 0 AND failed = executed)::int8,
                       sum(executed)::int8, sum(flaky)::int8
                FROM per GROUP BY 1, 2 ORDER BY 1, 2
                """)
        query.binds = Self.filterBinds(f)
        query.binds.append(minFlakyRuns)
        var out: [FlakyDimension: [SliceShare]] = [.stage: [], .cardType: [], .node: []]
        for try await (g, v, executed, flaky, failing, runs, flakyRuns) in try await read(
            query, logger: logger
        ).decode((Int, String, Int, Int, Int, Int, Int).self) {
            let dimension: FlakyDimension = g == 3 ? .stage : g == 5 ? .cardType : .node
            out[dimension, default: []].append(
                SliceShare(
                    value: v, executedTests: executed, flakyTests: flaky, failingTests: failing, runs: runs,
                    flakyRuns: flakyRuns))
        }
        return out
    }

    /// Per node (or card type) runs and flaky runs of each test in `testIDs`.
    public func sliceCounts(
        _ f: FlakyFilter, testIDs: [Int64], by dimension: FlakyDimension
    ) async throws
        -> [Int64: [SliceCount]]
    {
        let column = dimension == .cardType ? "card_type" : "node"
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT test_id, \(column), sum(executed)::int8, sum(flaky)::int8 FROM flaky_daily d
                WHERE d.day BETWEEN $1::date AND $2::date
                  AND ($3::int4 IS NULL OR d.stage = $3) AND ($4::text IS NULL OR d.card_type = $4)
                  AND ($5::text IS NULL OR d.node = $5) AND ($6::text IS NULL OR d.branch = $6)
                  AND ($7::text IS NULL OR d.architecture = $7) AND test_id = ANY($8::int8[])
                GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2
                """)
        query.binds = Self.filterBinds(f, slicesOnly: true)
        query.binds.append(testIDs)
        var out: [Int64: [SliceCount]] = [:]
        for try await (id, v, executed, flaky) in try await read(query, logger: logger).decode(
            (Int64, String, Int, Int).self)
        {
            out[id, default: []].append(SliceCount(value: v, executed: executed, flaky: flaky))
        }
        return out
    }

    /// The filter as binds $1…$9 (from, to, stage, card type, node, branch, file, repo,
    /// architecture), or $1…$7 (from, to, stage, card type, node, branch, architecture).
    static func filterBinds(_ f: FlakyFilter, slicesOnly: Bool = false) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(f.from)
        b.append(f.to)
        b.append(f.stage)
        b.append(f.cardType)
        b.append(f.node)
        b.append(f.branch)
        if slicesOnly {
            b.append(f.architecture)
            return b
        }
        b.append(f.file)
        b.append(f.repo)
        b.append(f.architecture)
        return b
    }
}

/// A dimension flakiness figures are sliced by.
public enum FlakyDimension: String, Sendable, CaseIterable {
    /// Everything in the filter.
    case all
    /// The stage (0–4).
    case stage
    /// The card type.
    case cardType = "card_type"
    /// The node.
    case node
    /// The test file.
    case file
    /// The day.
    case day
}
