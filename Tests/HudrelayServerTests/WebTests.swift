import Foundation
import HudrelayServer
import HudrelayStore
import Testing

/// The server-rendered pages, from a database seeded through the upload API.
@Suite("Web pages", .serialized)
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
                for i in 1...2 {
                    let (upload, _) = try await PublishFixtures.upload(
                        server, token: token, report: "test_ops", runID: "1700000000\(i)", jobID: "4800000000\(i)",
                        job: "test", extra: "&stage=1&node=aiu-node-\(i)&card_type=AIU&branch=main")
                    _ = try await server.waitForUpload(upload)
                }
                // The analyzer catches up with both jobs.
                var flaky = ""
                for _ in 0..<100 {
                    flaky = try await server.request(.GET, "/flaky?window=30d").body
                    if flaky.contains("test_flaky") { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
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
            }
        }
    }
}
