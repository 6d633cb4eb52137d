import Foundation
import HudrelayFlaky
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Testing

/// The flaky endpoints say how current they are, and can wait for the analysis to catch up.
@Suite("Analysis freshness", .serialized, .timeLimit(.minutes(10)))
struct FreshnessTests {
    /// A report whose test fails once and passes on a retry in the same report: one flaky run.
    static func report(_ test: String) -> String {
        let fail = "<testcase classname=\"t.TestF\" name=\"\(test)\"><failure message=\"boom\">tb</failure></testcase>"
        return "<testsuite name=\"pytest\">\(fail)<testcase classname=\"t.TestF\" name=\"\(test)\"/></testsuite>"
    }

    static func upload(_ server: TestServer, token: String, job: String, _ xml: String) async throws {
        let r = try await server.request(
            .POST, "/api/v1/uploads?repo=a/b&sha=\(job)&job=\(job)&branch=main", body: Array(xml.utf8),
            headers: [("Authorization", "Bearer \(token)")])
        #expect(r.status == 202, "\(r.body)")
    }

    @Test("pending uploads are counted, analyzed_through stays before them, and ?wait= returns figures with them")
    func waitForAnalysis() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            // No workers: what is uploaded waits, as it does while the workers are behind.
            try await TestServer.with(store: store, workers: 0) { server in
                let before = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
                for i in 0..<3 { try await Self.upload(server, token: token, job: "j\(i)", Self.report("test_a")) }
                let summary = TestServer.json(try await server.request(.GET, "/api/v1/flaky/summary").body)
                #expect(summary["pending_uploads"] as? Int == 3)
                let through = try #require(summary["analyzed_through"] as? String)
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                let stored = try await TestDatabase.scalar(
                    store, "SELECT (extract(epoch FROM min(received_at)) * 1000)::int8 FROM uploads")
                let throughMs = Int((formatter.date(from: through)?.timeIntervalSince1970 ?? 0) * 1000)
                #expect(throughMs <= stored, "analyzed_through \(through) is after the first pending report")
                #expect(through > before)
                let list = TestServer.json(try await server.request(.GET, "/api/v1/flaky").body)
                #expect(list["pending_uploads"] as? Int == 3)
                #expect(list["total"] as? Int == 0)
                let metrics = try await server.request(.GET, "/metrics").body
                #expect(metrics.contains("hudrelay_analysis_pending_uploads 3"))
                // A client asks with ?wait= while a worker and the analyzer catch up.
                async let waited = server.request(.GET, "/api/v1/flaky?wait=60&min_flaky_runs=2")
                let worker = WorkerService(
                    store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "late", options: WorkerOptions(),
                    logger: TestDatabase.logger)
                while try await worker.processNext() {}
                while try await store.analysis.analyzeNextJob(settings: AnalysisSettings()) != nil {}
                let answer = try await waited
                #expect(answer.status == 200)
                let body = TestServer.json(answer.body)
                #expect(body["pending_uploads"] as? Int == 0)
                // The figures include the three uploads: test_a is flaky in all three jobs.
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                #expect(items.first?["flaky_runs"] as? Int == 3, "\(answer.body)")
            }
        }
    }

    @Test("reads in one snapshot do not see what commits between them")
    func oneSnapshot() async throws {
        try await TestDatabase.withStore { store, _ in
            let xml = Array(Self.report("test_s").utf8)
            let (first, second, outside) = try await store.reads.withSnapshot {
                let first = try await store.reads.analysisFreshness()
                // Another connection stores an upload and commits, between two reads of one response.
                _ = try await store.queue.storeUpload(
                    context: JobContext(repo: "a/b", sha: "s"), filename: "r.xml",
                    content: .inline(try GzipDeflater.compress(xml)),
                    sha256: Array(repeating: 5, count: 32), size: Int64(xml.count), publishing: PublishSettings())
                let second = try await store.reads.analysisFreshness()
                let outside = try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads")
                return (first, second, outside)
            }
            #expect(first.pendingUploads == 0)
            #expect(second.pendingUploads == 0)
            #expect(second.readAt == first.readAt)
            #expect(outside == 1)
            #expect(try await store.reads.analysisFreshness().pendingUploads == 1)
        }
    }

    @Test("?wait= outside 0…300 is a 400 naming the parameter")
    func badWait() async throws {
        try await TestDatabase.withStore { store, _ in
            try await TestServer.with(store: store, workers: 0) { server in
                for value in ["-1", "301", "soon", "1e3"] {
                    let r = try await server.request(.GET, "/api/v1/flaky/summary?wait=\(value)")
                    #expect(r.status == 400)
                    #expect(TestServer.json(r.body)["code"] as? String == "bad_wait")
                }
            }
        }
    }
}
