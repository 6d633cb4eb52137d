import Foundation
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

/// Results retention: `results` in day partitions, whole days dropped, runs and rollups kept, and
/// reads of what was dropped saying so.
@Suite("Results retention", .serialized, .timeLimit(.minutes(10)))
struct RetentionTests {
    static func text(_ store: Store, _ sql: String) async throws -> [String] {
        let rows = try await store.client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        var out: [String] = []
        for try await v in rows.decode(String.self) { out.append(v) }
        return out
    }

    static func day(_ daysAgo: Int) -> String {
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy_MM_dd"
        return f.string(from: Date().addingTimeInterval(-86_400 * Double(daysAgo)))
    }

    @Test(
        "a day past retention is dropped as a partition: its results go, runs and rollups stay, and the API and job page say so"
    )
    func dropsWholeDays() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            try await TestServer.with(store: store, workers: 0) { server in
                for job in ["old", "new"] {
                    try await FreshnessTests.upload(server, token: token, job: job, FreshnessTests.report("test_a"))
                }
                // The old report arrived 40 days ago: it is stored (and partitioned) by its receipt.
                _ = try await TestDatabase.scalar(
                    store,
                    "WITH u AS (UPDATE uploads u SET received_at = now() - interval '40 days' FROM jobs j "
                        + "WHERE j.id = u.job_id AND j.sha = 'old' RETURNING 1) SELECT count(*)::int8 FROM u")
                let worker = WorkerService(
                    store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "w", options: WorkerOptions(),
                    logger: TestDatabase.logger)
                while try await worker.processNext() {}
                while try await store.analysis.analyzeNextJob(settings: AnalysisSettings()) != nil {}
                let old = try await TestDatabase.scalar(store, "SELECT id FROM jobs WHERE sha = 'old'")
                let new = try await TestDatabase.scalar(store, "SELECT id FROM jobs WHERE sha = 'new'")
                let parts = try await Self.text(
                    store, "SELECT DISTINCT tableoid::regclass::text FROM results WHERE job_id = \(old)")
                #expect(parts == ["results_\(Self.day(40))"], "day partitions, named by the receipt's UTC day")
                let runsBefore = try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs")
                let rollupsBefore = try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM flaky_daily")
                #expect(runsBefore == 2)

                let retention = ResultsRetentionService(
                    store: store, days: 30, interval: .seconds(60), logger: TestDatabase.logger)
                let dropped = try await retention.applyOnce()
                #expect(dropped.map(\.name) == ["results_\(Self.day(40))"])
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results WHERE job_id = \(old)")
                        == 0)
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results WHERE job_id = \(new)")
                        == 1)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs") == runsBefore)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM flaky_daily") == rollupsBefore)
                #expect(try await retention.applyOnce().isEmpty, "nothing more is past retention")

                let gone = try await server.request(.GET, "/api/v1/jobs/\(old)/results")
                #expect(gone.status == 410)
                #expect(
                    gone.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "application/problem+json" })
                let problem = TestServer.json(gone.body)
                #expect(problem["code"] as? String == "results_expired")
                #expect((problem["detail"] as? String)?.contains("retention.resultsDays") == true)
                #expect(try await server.request(.GET, "/api/v1/jobs/\(new)/results").status == 200)
                let page = try await server.request(.GET, "/jobs/\(old)")
                #expect(page.status == 200)
                #expect(page.body.contains("Results past retention"))
                #expect(!(try await server.request(.GET, "/jobs/\(new)").body.contains("Results past retention")))

                // The old job's runs cannot be recomputed: analyzing it again, or rebuilding
                // everything, keeps them; the new job's are rebuilt from its results.
                try await store.analysis.queueAnalysis(jobID: Int64(old))
                while try await store.analysis.analyzeNextJob(settings: AnalysisSettings()) != nil {}
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs WHERE job_id = \(old)") == 1)
                #expect(try await store.analysis.rebuildAnalysis(settings: AnalysisSettings()) == 2)
                #expect(
                    try await TestDatabase.scalar(
                        store, "SELECT count(*)::int8 FROM runs WHERE job_id = \(old) AND (retry OR file_rerun)") == 1)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM flaky_daily") == rollupsBefore)
                let flaky = TestServer.json(
                    try await server.request(.GET, "/api/v1/flaky?window=90d&min_flaky_runs=2").body)
                let items = flaky["items"] as? [[String: Any]] ?? []
                #expect(items.first?["flaky_runs"] as? Int == 2, "both jobs' runs still count: \(flaky)")
            }
        }
    }

    @Test(
        "a month partition from before day partitions is used for its month and dropped only once the whole month is past"
    )
    func monthPartitions() async throws {
        try await TestDatabase.withStore { store, _ in
            _ = try await TestDatabase.scalar(
                store,
                "CREATE TABLE results_2020_01 PARTITION OF results FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00')"
            )
            #expect(
                try await Self.text(store, "SELECT hudrelay_ensure_results_partition('2020-01-15 12:00+00')") == [
                    "results_2020_01"
                ])
            #expect(
                try await Self.text(store, "SELECT hudrelay_ensure_results_partition('2020-02-03 12:00+00')") == [
                    "results_2020_02_03"
                ])
            let iso = ISO8601DateFormatter()
            #expect(try await store.retention.dropResults(before: iso.date(from: "2020-01-20T00:00:00Z")!).isEmpty)
            #expect(try await store.retention.resultsGoneBefore() == nil)
            let dropped = try await store.retention.dropResults(before: iso.date(from: "2020-02-04T00:00:00Z")!)
            #expect(dropped.map(\.name) == ["results_2020_01", "results_2020_02_03"])
            #expect(try await store.retention.resultsGoneBefore() == iso.date(from: "2020-02-04T00:00:00Z"))
        }
    }
}
