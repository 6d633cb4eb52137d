import Foundation
import PostgresNIO

extension Store {
    /// Per-test counts over the filter's window, for tests with at least one flaky run, read from
    /// the daily rollups.
    public func flakyCandidates(_ f: FlakyFilter) async throws -> [TestAggregate] {
        let rows = try await client.query(
            """
            WITH agg AS (
                SELECT test_id, sum(executed)::int8 AS executed, sum(flaky)::int8 AS flaky, sum(retry)::int8 AS retry,
                       sum(file_rerun)::int8 AS file_rerun, sum(same_commit)::int8 AS same_commit,
                       sum(failed)::int8 AS failed, min(day) FILTER (WHERE flaky > 0) AS first_flaky,
                       max(day) FILTER (WHERE flaky > 0) AS last_flaky, max(day) AS last_run
                FROM flaky_daily
                WHERE day BETWEEN \(f.from)::date AND \(f.to)::date
                  AND (\(f.stage)::int4 IS NULL OR stage = \(f.stage))
                  AND (\(f.cardType)::text IS NULL OR card_type = \(f.cardType))
                  AND (\(f.node)::text IS NULL OR node = \(f.node))
                  AND (\(f.branch)::text IS NULL OR branch = \(f.branch))
                  AND (\(f.file)::text IS NULL OR test_id IN (SELECT id FROM tests WHERE file = \(f.file)))
                  AND (\(f.repo)::text IS NULL OR test_id IN (SELECT id FROM tests WHERE repo = \(f.repo)))
                GROUP BY test_id HAVING sum(flaky) > 0)
            SELECT a.test_id, t.repo, t.file, t.classname, t.name, a.executed, a.flaky, a.retry, a.file_rerun,
                   a.same_commit, a.failed, a.first_flaky::text, a.last_flaky::text, a.last_run::text
            FROM agg a JOIN tests t ON t.id = a.test_id
            """, logger: logger)
        var out: [TestAggregate] = []
        for try await r in rows.decode(
            (Int64, String, String, String, String, Int, Int, Int, Int, Int, Int, String?, String?, String).self)
        {
            out.append(
                TestAggregate(
                    testID: r.0, repo: r.1, file: r.2, classname: r.3, name: r.4, executed: r.5, flaky: r.6,
                    retry: r.7, fileRerun: r.8, sameCommit: r.9, failed: r.10, firstFlaky: r.11, lastFlaky: r.12,
                    lastRun: r.13))
        }
        return out
    }

    /// The share of flaky tests per slice of `dimension` (`all`, `stage`, `card_type`, `node`,
    /// `file` or `day`): within each slice, a test is flaky when it has at least `minFlakyRuns`
    /// flaky runs there and did not fail every executed run there.
    public func sliceShares(
        _ f: FlakyFilter, dimension: FlakyDimension, minFlakyRuns: Int
    ) async throws
        -> [SliceShare]
    {
        let value: String
        switch dimension {
        case .all: value = "'all'"
        case .stage: value = "CASE WHEN d.stage < 0 THEN '' ELSE d.stage::text END"
        case .cardType: value = "d.card_type"
        case .node: value = "d.node"
        case .file: value = "t.file"
        case .day: value = "d.day::text"
        }
        // Per day, a test counts as flaky on a day with any flaky run (one day rarely holds k runs).
        let threshold = dimension == .day ? 1 : minFlakyRuns
        var query = PostgresQuery(
            unsafeSQL: """
                WITH per AS (
                    SELECT \(value) AS value, d.test_id, sum(d.executed) AS executed, sum(d.flaky) AS flaky,
                           sum(d.failed) AS failed
                    FROM flaky_daily d \(dimension == .file ? "JOIN tests t ON t.id = d.test_id" : "")
                    WHERE d.day BETWEEN $1::date AND $2::date
                      AND ($3::int4 IS NULL OR d.stage = $3) AND ($4::text IS NULL OR d.card_type = $4)
                      AND ($5::text IS NULL OR d.node = $5) AND ($6::text IS NULL OR d.branch = $6)
                      AND ($7::text IS NULL OR d.test_id IN (SELECT id FROM tests WHERE file = $7))
                      AND ($8::text IS NULL OR d.test_id IN (SELECT id FROM tests WHERE repo = $8))
                    GROUP BY 1, 2)
                SELECT value, count(*) FILTER (WHERE executed > 0)::int8,
                       count(*) FILTER (WHERE flaky >= $9 AND failed < executed)::int8,
                       count(*) FILTER (WHERE executed > 0 AND failed = executed)::int8
                FROM per GROUP BY value ORDER BY value
                """)
        query.binds = Self.filterBinds(f)
        query.binds.append(threshold)
        let rows = try await client.query(query, logger: logger)
        var out: [SliceShare] = []
        for try await (v, executed, flaky, failing) in rows.decode((String, Int, Int, Int).self) {
            out.append(SliceShare(value: v, executedTests: executed, flakyTests: flaky, failingTests: failing))
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
                  AND test_id = ANY($7::int8[])
                GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2
                """)
        query.binds = Self.filterBinds(f, slicesOnly: true)
        query.binds.append(testIDs)
        var out: [Int64: [SliceCount]] = [:]
        for try await (id, v, executed, flaky) in try await client.query(query, logger: logger).decode(
            (Int64, String, Int, Int).self)
        {
            out[id, default: []].append(SliceCount(value: v, executed: executed, flaky: flaky))
        }
        return out
    }

    /// The filter as binds $1…$8 (from, to, stage, card type, node, branch, file, repo), or $1…$6.
    static func filterBinds(_ f: FlakyFilter, slicesOnly: Bool = false) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(f.from)
        b.append(f.to)
        b.append(f.stage)
        b.append(f.cardType)
        b.append(f.node)
        b.append(f.branch)
        if slicesOnly { return b }
        b.append(f.file)
        b.append(f.repo)
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
