import Foundation
import HudrelayScope
import PostgresNIO
import Testing

@testable import HudrelayStore

/// A complete day's coverage figure is kept once counted, read back from then on, and counted
/// again when the analyzer adds executions to that day (a late job): docs/coverage.md.
@Suite("Coverage by day, kept", .serialized, .timeLimit(.minutes(5)))
struct CoverageDaysTests {
    static let config = """
        test_suite_config:
          files:
            - path: ${TORCH_ROOT}/test/test_a.py
              unlisted_test_mode: mandatory_success
        """

    /// A stage-1 job created yesterday that executed `tests` (by generic id), analyzed into the
    /// stage rollups by the analyzer's own statement.
    static func lateJob(_ store: Store, run: Int, tests: [Int]) async throws {
        let job = try await TestDatabase.scalar(
            store,
            """
            INSERT INTO jobs (repo, sha, workflow, run_id, job_name, branch, stage, created_at)
            VALUES ('r/x', 'c\(run)', 'ci', '\(run)', 'test', 'main', 1, now() - interval '1 day') RETURNING id
            """)
        _ = try await TestDatabase.scalar(
            store,
            """
            WITH t AS (
                INSERT INTO tests (id, repo, file, classname, name, generic_id)
                SELECT 900 + n, 'r/x', 'test/test_a.py', 'TestA', 'test_' || n, 'test/test_a.py::TestA::test_' || n
                FROM unnest(ARRAY[\(tests.map(String.init).joined(separator: ","))]) n
                ON CONFLICT DO NOTHING RETURNING id)
            INSERT INTO runs (job_id, test_id, day, at, repo, sha, stage, outcome)
            SELECT \(job), 900 + n, (now() AT TIME ZONE 'UTC')::date - 1, now() - interval '1 day', 'r/x', 'c\(run)', 1,
                   'passed'
            FROM unnest(ARRAY[\(tests.map(String.init).joined(separator: ","))]) n RETURNING 1
            """)
        let rows = try await store.client.query(
            PostgresQuery(unsafeSQL: AnalysisSQL.insertStageTests(where: "r.job_id = \(job)")),
            logger: TestDatabase.logger)
        for try await _ in rows {}
    }

    static func yesterday(_ store: Store) async throws -> (day: Int, window: Int) {
        let c = try await store.scopes.coverage(
            repo: "r/x", stage: StageCatalog.seed.stage(1)!, architecture: nil, days: 7)
        // by_day ends with today; yesterday is the day before.
        return (c.byDay.dropLast().last?.covered ?? -1, c.covered)
    }

    @Test("a day's figure is kept, read back, and counted again after a late job")
    func keptAndDropped() async throws {
        try await TestDatabase.withStore { store, _ in
            let population = try Population(
                text: (1...3).map { "test/test_a.py::TestA::test_\($0)" }.joined(separator: "\n"), file: "p.txt")
            let scope = ResolvedScope(
                configs: try TestConfigReader().read(Self.config, file: "a.yaml"), population: population,
                exclusions: ExclusionList())
            _ = try await store.scopes.save(repo: "r/x", sha: "s1", scope: scope)
            try await Self.lateJob(store, run: 1, tests: [1])

            #expect(try await Self.yesterday(store) == (1, 1))
            // The six complete days of the window are kept; today is not.
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM stage_day_coverage") == 6)
            // Read back from then on: a changed kept figure is what the next answer says.
            _ = try await TestDatabase.scalar(
                store,
                """
                WITH u AS (UPDATE stage_day_coverage SET covered = 99
                           WHERE day = (now() AT TIME ZONE 'UTC')::date - 1 RETURNING 1) SELECT count(*)::int8 FROM u
                """)
            #expect(try await Self.yesterday(store) == (99, 1))

            // A late job of yesterday: the day's figure is counted again, with both tests.
            try await Self.lateJob(store, run: 2, tests: [2])
            #expect(try await Self.yesterday(store) == (2, 2))
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM stage_day_coverage") == 6)
        }
    }
}
