import Foundation
import HudrelayScope
import PostgresNIO

extension ScopeStore {
    /// How many of `scope`'s enabled tests (of `origins`) `stage` executed each day from `from` to
    /// today (UTC, dates as `YYYY-MM-DD`), on one architecture or all.
    ///
    /// A complete day's figure is kept in `stage_day_coverage` once counted, so a 30-day window
    /// reads 30 rows rather than every test of every day; today's is always counted. The analyzer
    /// drops a day's figures when it adds executions to that day (a late job), and the figures are
    /// written under the analysis lock, so a count never misses an analysis committed meanwhile.
    /// When an analysis holds the lock, the missing days are counted and not kept.
    func coveredDays(
        repo: String, stage: Int, architecture: String?, scope: Int64, origins: [String], from: Int
    ) async throws -> [String: Int] {
        let key = (arch: architecture ?? "*", origins: origins.sorted().joined(separator: ","))
        var out: [String: Int] = [:]
        let kept = try await client.query(
            """
            SELECT day::text, covered::int8 FROM stage_day_coverage
            WHERE scope_id = \(scope) AND origins = \(key.origins) AND stage = \(stage)
              AND architecture = \(key.arch) AND day >= (now() AT TIME ZONE 'UTC')::date - \(from)::int
            """, logger: logger)
        for try await (day, n) in kept.decode((String, Int).self) { out[day] = n }
        let missing = try await client.query(
            """
            SELECT g::date::text FROM generate_series((now() AT TIME ZONE 'UTC')::date - \(from)::int,
                                                      (now() AT TIME ZONE 'UTC')::date - 1, interval '1 day') g
            """, logger: logger
        ).decode(String.self).reduce(into: [String]()) { if out[$1] == nil { $0.append($1) } }
        let today = try await count(
            repo: repo, stage: stage, architecture: architecture, scope: scope, origins: origins, days: nil,
            on: nil)
        out.merge(today) { a, _ in a }
        guard !missing.isEmpty else { return out }
        let counted = try await client.withTransaction(logger: logger) { conn -> [String: Int] in
            var locked = false
            for try await l in try await conn.query(
                "SELECT pg_try_advisory_xact_lock(hashtext('hudrelay_analysis'))", logger: logger
            ).decode(Bool.self) { locked = l }
            let counted = try await count(
                repo: repo, stage: stage, architecture: architecture, scope: scope, origins: origins,
                days: missing, on: conn)
            guard locked else { return counted }
            let days = missing
            let figures = missing.map { counted[$0] ?? 0 }
            try await conn.query(
                """
                INSERT INTO stage_day_coverage (scope_id, origins, repo, stage, architecture, day, covered)
                SELECT \(scope), \(key.origins), \(repo), \(stage), \(key.arch), d::date, n
                FROM unnest(\(days)::text[], \(figures)::int8[]) AS x(d, n)
                ON CONFLICT DO NOTHING
                """, logger: logger)
            return counted
        }
        out.merge(counted) { a, _ in a }
        return out
    }

    /// The covered count of each of `days` (nil: today), counted from `stage_test_days`.
    private func count(
        repo: String, stage: Int, architecture: String?, scope: Int64, origins: [String], days: [String]?,
        on conn: PostgresConnection?
    ) async throws -> [String: Int] {
        let query: PostgresQuery = """
            SELECT d.day::text, count(DISTINCT d.generic_id)::int8 FROM stage_test_days d
            JOIN scope_tests s ON s.generic_id = d.generic_id AND s.scope_id = \(scope) AND s.excluded IS NULL
                 AND s.mode = 'mandatory_success' AND s.origin = ANY(\(origins))
            WHERE d.repo = \(repo) AND d.stage = \(stage) AND (\(architecture)::text IS NULL OR d.architecture = \(architecture))
              AND d.day = ANY(coalesce(\(days)::date[], ARRAY[(now() AT TIME ZONE 'UTC')::date]))
            GROUP BY d.day
            """
        let rows: PostgresRowSequence
        if let conn {
            rows = try await conn.query(query, logger: logger)
        } else {
            rows = try await client.query(query, logger: logger)
        }
        var out: [String: Int] = [:]
        for try await (day, n) in rows.decode((String, Int).self) { out[day] = n }
        return out
    }
}
