import Foundation
import PostgresNIO

extension ReadStore {
    /// Tests with at least `minFlakyRuns` flaky runs on a card type in the last `lookbackDays`
    /// days, with the clean runs each has had on that card type since its latest flaky run.
    public func disableCandidates(
        repo: String?, cardType: String?, lookbackDays: Int, minFlakyRuns: Int
    )
        async throws -> [DisableCandidate]
    {
        let rows = try await client.query(
            """
            WITH f AS (
                SELECT test_id, card_type, count(*)::int8 AS flaky_runs, max(at) AS last_flaky FROM runs
                WHERE at >= now() - make_interval(days => \(lookbackDays)::int4) AND (retry OR file_rerun OR same_commit)
                  AND NOT infra AND (\(cardType)::text IS NULL OR card_type = \(cardType))
                  AND (\(repo)::text IS NULL OR repo = \(repo))
                GROUP BY test_id, card_type HAVING count(*) >= \(minFlakyRuns))
            SELECT f.test_id, t.file, t.classname, t.name, f.card_type, f.flaky_runs,
                   (SELECT count(*) FROM runs r
                    WHERE r.test_id = f.test_id AND r.card_type = f.card_type AND r.at > f.last_flaky
                      AND r.outcome = 'passed' AND NOT (r.retry OR r.file_rerun OR r.same_commit) AND NOT r.infra)::int8
            FROM f JOIN tests t ON t.id = f.test_id
            ORDER BY t.classname, t.name, f.card_type
            """, logger: logger)
        var out: [DisableCandidate] = []
        for try await r in rows.decode((Int64, String, String, String, String, Int, Int).self) {
            out.append(
                DisableCandidate(
                    testID: r.0, file: r.1, classname: r.2, name: r.3, cardType: r.4, flakyRuns: r.5, cleanSince: r.6))
        }
        return out
    }
}

extension ReadStore {
    /// Whether a test with this id is stored.
    public func testExists(id: Int64) async throws -> Bool {
        let rows = try await client.query("SELECT 1 FROM tests WHERE id = \(id)", logger: logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }
}
