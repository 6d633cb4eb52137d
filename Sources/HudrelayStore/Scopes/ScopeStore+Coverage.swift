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
            SELECT DISTINCT generic_id FROM stage_tests
            WHERE repo = $1 AND stage = $2 AND ($3::text IS NULL OR architecture = $3) AND last_day >= \(from)
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
        let enabledHere =
            "s.scope_id = $4 AND s.excluded IS NULL AND s.mode = 'mandatory_success' AND s.origin = ANY($5)"
        let files = try await client.query(
            query(
                """
                WITH ran AS (\(ran))
                SELECT s.file, count(*) FILTER (WHERE s.excluded IS NULL)::int8,
                       count(*) FILTER (WHERE s.excluded IS NULL AND s.mode = 'mandatory_success')::int8,
                       count(*) FILTER (WHERE s.excluded IS NULL AND s.mode = 'mandatory_success'
                                        AND r.generic_id IS NOT NULL)::int8,
                       count(*) FILTER (WHERE s.excluded IS NULL AND s.mode IN ('xfail', 'xfail_strict'))::int8
                FROM scope_tests s LEFT JOIN ran r ON r.generic_id = s.generic_id
                WHERE s.scope_id = $4 AND s.origin = ANY($5)
                GROUP BY s.file ORDER BY s.file
                """, binds: 5), logger: logger)
        for try await (file, p, e, c, x) in files.decode((String, Int, Int, Int, Int).self) {
            out.files.append(FileCoverage(file: file, population: p, enabled: e, covered: c, xfail: x))
            out.population += p
            out.enabled += e
            out.covered += c
            out.xfail += x
        }
        out.enabledNotRunCount = out.enabled - out.covered
        let notRun = try await client.query(
            query(
                """
                WITH ran AS (\(ran))
                SELECT s.generic_id FROM scope_tests s
                WHERE \(enabledHere) AND NOT EXISTS (SELECT 1 FROM ran r WHERE r.generic_id = s.generic_id)
                ORDER BY s.generic_id LIMIT $6
                """), logger: logger)
        for try await g in notRun.decode(String.self) { out.enabledNotRun.append(g) }
        let stray = try await client.query(
            query(
                """
                WITH ran AS (\(ran)),
                stray AS (SELECT r.generic_id FROM ran r WHERE NOT EXISTS (
                              SELECT 1 FROM scope_tests s WHERE s.generic_id = r.generic_id AND \(enabledHere)))
                SELECT generic_id, count(*) OVER ()::int8 FROM stray ORDER BY generic_id LIMIT $6
                """), logger: logger)
        for try await (g, n) in stray.decode((String, Int).self) {
            out.runNotInConfig.append(g)
            out.runNotInConfigCount = n
        }
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
