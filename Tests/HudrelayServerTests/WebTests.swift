import Foundation
import HudrelayServer
import HudrelayStore
import Testing

/// The server-rendered pages, from a database seeded through the upload API.
@Suite("Web pages", .serialized, .timeLimit(.minutes(10)))
struct WebTests {
    @Test("the job page shows context, counts, failures with tracebacks, flaky tests and raw reports")
    func jobPage() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store) { server in
                let (upload, job) = try await PublishFixtures.upload(
                    server, token: token, report: "test_ops", runID: "17000000001", jobID: "48000000001",
                    job: "test (spyre, 1)", extra: "&stage=2&node=aiu-node-7&card_type=AIU&cards=24&branch=main")
                _ = try await server.waitForUpload(upload)
                let r = try await server.request(.GET, "/jobs/\(job)")
                #expect(r.status == 200)
                #expect(r.headers.contains { $0.0.lowercased() == "content-type" && $0.1.hasPrefix("text/html") })
                let html = r.body
                for expected in [
                    "Job \(job): test (spyre, 1)", "0123abcd", "aiu-node-7", "24 × AIU", "✗ failure",
                    "test_broken", "RuntimeError: device lost", "<details>", "↻ flaky", "test_flaky",
                    "/api/v1/uploads/\(upload)/raw", "test-reports/python-pytest/test_ops/test_ops-5f1a.xml",
                ] {
                    #expect(html.contains(expected), "missing \(expected)")
                }
                // Text is escaped: the report's quotes and angle brackets do not become markup.
                #expect(html.contains("&gt;       assert 1 == 2"), "the first attempt's traceback, escaped")
                #expect(try await server.request(.GET, "/jobs/999999").status == 404)
                #expect(try await server.request(.GET, "/jobs/abc").status == 400)
            }
        }
    }

    @Test("the overview and the flaky report show a test flaky in two jobs, against the target")
    func overviewAndFlaky() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store) { server in
                try await PublishFixtures.seedFlakyJobs(server, token: token)
                let flaky = try await PublishFixtures.waitForFlakyPage(server)
                #expect(flaky.contains("test_flaky"), "the flaky report lists the test")
                #expect(flaky.contains("class=\"sortable\""))
                #expect(
                    flaky.contains("/api/v1/flaky?format=csv&amp;window&#61;30d")
                        || flaky.contains("format=csv&amp;window=30d"))
                let filtered = try await server.request(.GET, "/flaky?window=30d&stage=3").body
                #expect(!filtered.contains("test_flaky"), "no runs on stage 3")
                #expect(try await server.request(.GET, "/flaky?window=soon").status == 400)
                let home = try await server.request(.GET, "/").body
                for expected in ["Stage 1", "over target", "<svg", "target 5.0%", "/jobs/"] {
                    #expect(home.contains(expected), "missing \(expected)")
                }
                // One test's page: its runs in both jobs, flaky in both.
                let results = try await server.request(.GET, "/api/v1/jobs/1/results?limit=100").body
                let items = TestServer.json(results)["items"] as? [[String: Any]] ?? []
                let testID = try #require(items.first { $0["name"] as? String == "test_flaky" }?["test_id"] as? Int)
                let test = try await server.request(.GET, "/tests/\(testID)").body
                for expected in [
                    "test_ops.TestOps::test_flaky", "↻ flaky", "flaky in 2 of 2 runs", "aiu-node-1", "aiu-node-2",
                    "<svg",
                ] {
                    #expect(test.contains(expected), "test page: missing \(expected)")
                }
                #expect(try await server.request(.GET, "/tests/42").status == 404)
                // Failure clusters, and the commit × job grid of the branch.
                let failures = try await server.request(.GET, "/failures?window=30d").body
                #expect(failures.contains("RuntimeError: device lost") && failures.contains("test_broken"))
                let grid = try await server.request(.GET, "/hud/torch-spyre/torch-spyre/main").body
                #expect(
                    grid.contains("0123abcd") && grid.contains("href=\"/jobs/2\"") && grid.contains("✗ 2"), "\(grid)")
                let none = try await server.request(.GET, "/hud/torch-spyre/torch-spyre/no-such-branch").body
                #expect(none.contains("No jobs on this branch yet."))
            }
        }
    }
}
