import Foundation
import HudrelayStore
import Testing

/// The reports and expected rows of the publisher's tests (`Fixtures/publish`), and the requests
/// that upload, finish and watch them.
enum PublishFixtures {
    static let dir = TestDatabase.repoRoot.appendingPathComponent("Tests/HudrelayServerTests/Fixtures/publish")

    /// A fixture report's bytes; `name` is `test_ops`, `test_nn` or `test_extra`.
    static func report(_ name: String) throws -> [UInt8] {
        let folder = dir.appendingPathComponent("reports/\(name)")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        return [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
    }

    /// The name the upload client sends for a fixture report (PyTorch's CI layout).
    static func filename(_ name: String) throws -> String {
        let folder = dir.appendingPathComponent("reports/\(name)")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        return "test-reports/python-pytest/\(name)/\(file)"
    }

    /// The committed lines of an expected object (`expected/<case>/<collection>.jsonl`).
    static func expected(_ caseName: String, _ collection: String) throws -> [String] {
        let text = try String(
            contentsOf: dir.appendingPathComponent("expected/\(caseName)/\(collection).jsonl"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// With `HUDRELAY_RECORD_FIXTURES=1`, writes `lines` as the expected object (to review and
    /// commit after a deliberate change of the rows).
    static func recordIfAsked(_ caseName: String, _ collection: String, _ lines: [String]) throws {
        guard ProcessInfo.processInfo.environment["HUDRELAY_RECORD_FIXTURES"] == "1" else { return }
        let file = dir.appendingPathComponent("expected/\(caseName)/\(collection).jsonl")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: file)
    }

    /// Uploads a fixture report for a job of workflow run `runID`; returns (upload id, job id).
    static func upload(
        _ server: TestServer, token: String, report name: String, runID: String, jobID: String, job: String,
        extra: String = ""
    ) async throws -> (String, Int64) {
        let query =
            "repo=torch-spyre/torch-spyre&sha=0123abcd&workflow=pull&run_id=\(runID)&attempt=1"
            + "&job=\(job.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? job)&job_id=\(jobID)"
            + "&filename=\(try filename(name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            + extra
        let r = try await server.request(
            .POST, "/api/v1/uploads?" + query, body: try report(name), headers: [("Authorization", "Bearer \(token)")])
        try #require(r.status == 202 || r.status == 200, "\(r.body)")
        let json = TestServer.json(r.body)
        return (try #require(json["id"] as? String), try #require((json["job_id"] as? NSNumber)?.int64Value))
    }

    /// Asks the server to finish a job.
    static func finish(_ server: TestServer, token: String, job: Int64) async throws {
        let r = try await server.request(
            .POST, "/api/v1/jobs/\(job)/finish", headers: [("Authorization", "Bearer \(token)")])
        try #require(r.status == 202, "\(r.body)")
    }

    /// `GET /api/v1/publish` (all deliveries).
    static func deliveries(_ server: TestServer, query: String = "") async throws -> [[String: Any]] {
        let r = try await server.request(.GET, "/api/v1/publish?limit=1000" + query)
        try #require(r.status == 200, "\(r.body)")
        return TestServer.json(r.body)["tasks"] as? [[String: Any]] ?? []
    }

    /// Waits until `done` holds for the deliveries (at most `timeout`); returns them.
    static func waitDeliveries(
        _ server: TestServer, timeout: Duration = .seconds(60), _ done: ([[String: Any]]) -> Bool
    ) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let tasks = try await deliveries(server)
            if done(tasks) || ContinuousClock.now > deadline { return tasks }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Whether every delivery is done and there are `count` of them.
    static func allDone(_ count: Int) -> ([[String: Any]]) -> Bool {
        { tasks in tasks.count == count && tasks.allSatisfy { $0["state"] as? String == "done" } }
    }

    /// The names of the tests the job's results mark flaky.
    static func flakyNames(_ server: TestServer, job: Int64) async throws -> Set<String> {
        let r = try await server.request(.GET, "/api/v1/jobs/\(job)/results?limit=1000")
        let items = TestServer.json(r.body)["items"] as? [[String: Any]] ?? []
        return Set(items.filter { $0["flaky"] as? Bool == true }.compactMap { $0["name"] as? String })
    }

    /// Two stage-1 jobs (nodes aiu-node-1 and aiu-node-2) of the `test_ops` report, whose
    /// `test_flaky` passes on a retry in both: a flaky test. Waits until the analyzer has them.
    static func seedFlakyJobs(_ server: TestServer, token: String) async throws {
        for i in 1...2 {
            let (upload, _) = try await upload(
                server, token: token, report: "test_ops", runID: "1700000000\(i)", jobID: "4800000000\(i)",
                job: "test", extra: "&stage=1&node=aiu-node-\(i)&card_type=AIU&branch=main")
            _ = try await server.waitForUpload(upload)
        }
        _ = try await waitForFlakyPage(server)
    }

    /// `/flaky?window=30d` once the analyzer has caught up (its queue is empty) and the page lists
    /// `test_flaky`, or after 20 s.
    static func waitForFlakyPage(_ server: TestServer) async throws -> String {
        var page = ""
        for _ in 0..<100 {
            page = try await server.request(.GET, "/flaky?window=30d").body
            let queued = try await TestDatabase.scalar(server.store, "SELECT count(*)::int8 FROM analysis_queue")
            if queued == 0 && page.contains("test_flaky") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return page
    }
}
