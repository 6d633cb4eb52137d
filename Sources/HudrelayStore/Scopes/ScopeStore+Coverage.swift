import Foundation
import HudrelayScope
import PostgresNIO

extension ScopeStore {
    /// How many tests of each list ``coverage(repo:stage:architecture:days:)`` names.
    public static let listed = 50

    /// `stage`'s coverage of `repo`'s newest scope over the `days` ending today (UTC), on one
    /// architecture or all (docs/coverage.md). Reads the analyzer's stage rollups, not results.
    public func coverage(repo: String, stage: Stage, architecture: String?, days: Int) async throws -> StageCoverage {
        var out = StageCoverage(
            stage: stage, architecture: architecture, days: days, cadence: CadenceReport(cadence: stage.cadence))
        out.scope = try await latest(repo: repo)
        let (sid, id, origins) = (out.scope?.id ?? -1, stage.id, stage.scope.origins)
        let from = "(now() AT TIME ZONE 'UTC')::date - \(days - 1)"
        let ran = """
            SELECT generic_id FROM stage_tests
            WHERE repo = $1 AND stage = $2 AND ($3::text IS NULL OR architecture = $3) AND last_day >= \(from)
            GROUP BY generic_id
            """
        // $1 repo, $2 stage, $3 architecture, $4 scope, $5 origins, $6 how many to list: each
        // statement binds the first `binds` of them, all of which it uses.
        func query(_ sql: String, binds: Int = 6) -> PostgresQuery {
            var q = PostgresQuery(unsafeSQL: sql)
            q.binds.append(repo)
            q.binds.append(id)
            q.binds.append(architecture)
            if binds > 3 { q.binds.append(sid) }
            if binds > 4 { q.binds.append(origins) }
            if binds > 5 { q.binds.append(Self.listed) }
            return q
        }
        // One pass: the tests the stage ran are found once, joined to the scope once, and give
        // the per-file counts (kind f), the enabled tests not run (n) and the run tests in no
        // config (r, with their count), each list sorted and cut at `listed`.
        let rows = try await client.query(
            query(
                """
                WITH ran AS MATERIALIZED (\(ran)),
                s AS MATERIALIZED (
                    SELECT s.file, s.generic_id, s.excluded IS NULL AS in_scope,
                           s.excluded IS NULL AND s.mode = 'mandatory_success' AS enabled,
                           s.excluded IS NULL AND s.mode IN ('xfail', 'xfail_strict') AS xfail,
                           r.generic_id IS NOT NULL AS was_run
                    FROM scope_tests s LEFT JOIN ran r ON r.generic_id = s.generic_id
                    WHERE s.scope_id = $4 AND s.origin = ANY($5)),
                stray AS (SELECT r.generic_id FROM ran r
                          WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.generic_id = r.generic_id AND s.enabled))
                SELECT 'f', file, count(*) FILTER (WHERE in_scope)::int8, count(*) FILTER (WHERE enabled)::int8,
                       count(*) FILTER (WHERE enabled AND was_run)::int8, count(*) FILTER (WHERE xfail)::int8
                FROM s GROUP BY file
                UNION ALL
                (SELECT 'n', generic_id, 0::int8, 0::int8, 0::int8, 0::int8 FROM s WHERE enabled AND NOT was_run
                 ORDER BY generic_id LIMIT $6)
                UNION ALL
                (SELECT 'r', generic_id, count(*) OVER ()::int8, 0::int8, 0::int8, 0::int8 FROM stray
                 ORDER BY generic_id LIMIT $6)
                """), logger: logger)
        for try await (kind, name, p, e, c, x) in rows.decode((String, String, Int, Int, Int, Int).self) {
            switch kind {
            case "f":
                out.files.append(FileCoverage(file: name, population: p, enabled: e, covered: c, xfail: x))
                out.population += p
                out.enabled += e
                out.covered += c
                out.xfail += x
            case "n":
                out.enabledNotRun.append(name)
            default:
                out.runNotInConfig.append(name)
                out.runNotInConfigCount = p
            }
        }
        out.files.sort { $0.file < $1.file }
        out.enabledNotRunCount = out.enabled - out.covered
        try await byDay(&out, repo: repo, query: query, from: from)
        return out
    }

    /// Coverage and runs per day of the window, and the cadence they keep.
    private func byDay(
        _ out: inout StageCoverage, repo: String, query: (String, Int) -> PostgresQuery, from: String
    ) async throws {
        let covered =
            out.scope == nil
            ? [:]
            : try await coveredDays(
                repo: repo, stage: out.stage.id, architecture: out.architecture, scope: out.scope?.id ?? -1,
                origins: out.stage.scope.origins, from: out.days - 1)
        // A run is one CI run of the stage (its jobs and attempts together), on its first job's day.
        let runs = try await client.query(
            query(
                """
                WITH first AS (SELECT (min(created_at) AT TIME ZONE 'UTC')::date AS day FROM jobs
                               WHERE repo = $1 AND stage = $2 AND ($3::text IS NULL OR architecture = $3)),
                days AS (SELECT g::date AS day FROM generate_series(\(from), (now() AT TIME ZONE 'UTC')::date,
                                                                     interval '1 day') g),
                counted AS (SELECT day, count(*)::int8 AS runs FROM (
                                SELECT (min(created_at) AT TIME ZONE 'UTC')::date AS day FROM jobs
                                WHERE repo = $1 AND stage = $2 AND ($3::text IS NULL OR architecture = $3)
                                  AND created_at >= (\(from) - 1)::timestamp AT TIME ZONE 'UTC'
                                GROUP BY sha, workflow, run_id) r
                            WHERE day >= \(from) GROUP BY 1)
                SELECT d.day::text, coalesce(c.runs, 0), d.day >= (SELECT day FROM first)
                                                         AND d.day < (now() AT TIME ZONE 'UTC')::date
                FROM days d LEFT JOIN counted c ON c.day = d.day ORDER BY d.day
                """, 3), logger: logger)
        let due = out.stage.cadence.expectedPerDay
        for try await (day, n, judged) in runs.decode((String, Int, Bool?).self) {
            let entry = DayCoverage(day: day, runs: n, covered: covered[day] ?? 0)
            out.byDay.append(entry)
            out.cadence.runs += n
            guard let due, judged == true else { continue }
            out.cadence.daysJudged += 1
            if n >= due { out.cadence.daysKept += 1 } else { out.cadence.missed.append(entry) }
        }
    }
}
