import Foundation
import HudrelayFlaky
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Testing

/// Evidence kinds and the disabled-tests hysteresis, on small hand-written reports.
@Suite("Flaky evidence", .serialized, .timeLimit(.minutes(10)))
struct FlakyEvidenceTests {
    /// Stores a report for a job and processes it.
    static func ingest(
        _ store: Store, job: String, sha: String, node: String = "n1", analyze: Bool = true, _ cases: String
    ) async throws {
        var context = JobContext(repo: "ibm/torch-spyre", sha: sha)
        context.job = job
        context.branch = "main"
        context.node = node
        context.cardType = "spyre"
        let xml = Array("<testsuite name=\"pytest\">\(cases)</testsuite>".utf8)
        _ = try await store.queue.storeUpload(
            context: context, filename: "r.xml", content: .inline(try GzipDeflater.compress(xml)),
            sha256: (0..<32).map { _ in UInt8.random(in: 0...255) }, size: Int64(xml.count),
            publishing: PublishSettings())
        let worker = WorkerService(
            store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "w", options: WorkerOptions(),
            logger: TestDatabase.logger)
        #expect(try await worker.processNext())
        if analyze { while try await store.analysis.analyzeNextJob(settings: AnalysisSettings()) != nil {} }
    }

    static func testcase(_ name: String, failed: Bool = false) -> String {
        failed
            ? "<testcase classname=\"t.TestE\" name=\"\(name)\"><failure message=\"boom 0x1f\">tb</failure></testcase>"
            : "<testcase classname=\"t.TestE\" name=\"\(name)\"/>"
    }

    @Test("a test failing in one report of a job and passing in another is a file rerun")
    func fileRerun() async throws {
        try await TestDatabase.withStore { store, _ in
            try await Self.ingest(
                store, job: "j1", sha: "s1", Self.testcase("test_x", failed: true) + Self.testcase("test_y"))
            try await Self.ingest(store, job: "j1", sha: "s1", Self.testcase("test_x"))
            let runs = try await TestDatabase.scalar(
                store, "SELECT count(*)::int8 FROM runs WHERE file_rerun AND outcome = 'passed'")
            #expect(runs == 1)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs") == 2)
            #expect(try await TestDatabase.scalar(store, "SELECT sum(flaky)::int8 FROM flaky_daily") == 1)
        }
    }

    @Test("a disabled test comes back only after enough clean runs on the same hardware")
    func hysteresis() async throws {
        try await TestDatabase.withStore { store, _ in
            // Two retry-flaky runs (a failed entry, then a passing one, in the same report).
            let flaky = Self.testcase("test_h", failed: true) + Self.testcase("test_h")
            try await Self.ingest(store, job: "f1", sha: "a", flaky)
            try await Self.ingest(store, job: "f2", sha: "b", flaky)
            var disabled = DisabledTests()
            disabled.cleanRunsToEnable = 3
            func listed() async throws -> Bool {
                try await disabled.entries(store: store, repo: nil, cardType: "spyre")["test_h (__main__.TestE)"]
                    != nil
            }
            #expect(try await listed())
            #expect(try await disabled.entries(store: store, repo: nil, cardType: "other").isEmpty)
            for i in 0..<2 { try await Self.ingest(store, job: "c\(i)", sha: "c\(i)", Self.testcase("test_h")) }
            #expect(try await listed(), "2 clean runs of 3: still disabled")
            try await Self.ingest(store, job: "c2", sha: "c2", Self.testcase("test_h"))
            #expect(try await !listed(), "3 clean runs: enabled again")
            let text = DisabledTests.json(["test_é (__main__.T)": ("7", "/tests/7")])
            #expect(text == "{\n  \"test_\\u00e9 (__main__.T)\": [\n    \"7\",\n    \"/tests/7\",\n    []\n  ]\n}")
        }
    }

    @Test("a job of 60 reports is analyzed in batches of uploads, with the same rollups as a rebuild")
    func batches() async throws {
        try await TestDatabase.withStore { store, _ in
            for i in 0..<60 {
                let cases =
                    (0..<5).map { Self.testcase("test_\(i)_\($0)", failed: $0 == 0 && i % 7 == 0) }.joined()
                    + Self.testcase("test_shared", failed: i % 2 == 0)
                try await Self.ingest(store, job: "big", sha: "s", analyze: false, cases)
            }
            var analyses = 0
            var settings = AnalysisSettings()
            settings.uploadsPerAnalysis = 50
            while try await store.analysis.analyzeNextJob(settings: settings) != nil { analyses += 1 }
            #expect(analyses == 2)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM analysis_queue") == 0)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs") == 301)
            let sums = "SELECT (sum(executed) * 1000 + sum(flaky) * 10 + sum(failed))::int8 FROM flaky_daily_totals"
            let incremental = try await TestDatabase.scalar(store, sums)
            _ = try await store.analysis.rebuildAnalysis(settings: AnalysisSettings())
            #expect(try await TestDatabase.scalar(store, sums) == incremental)
            // test_shared failed in one report of the job and passed in another: a file rerun.
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM runs WHERE file_rerun") == 1)
        }
    }
}
