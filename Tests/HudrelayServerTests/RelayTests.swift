import Foundation
import HudrelayHUD
import HudrelayServer
import HudrelayStore
import Testing

/// Cross-Repo CI Relay callbacks, sent by the server and by `hudrelay hud report`, against a relay
/// stand-in on loopback that enforces the relay's rules.
@Suite("Relay callbacks", .serialized, .timeLimit(.minutes(10)))
struct RelayTests {
    static let workflowKeys = [
        "schema_version", "status", "conclusion", "name", "url", "run_attempt", "job_name", "check_run_id", "run_id",
        "started_at", "completed_at",
    ]
    static let payload =
        #"{"action": "synchronize", "pull_request": {"number": 179565, "head": {"sha": "a1b2c3"}}, "#
        + #""repository": {"full_name": "pytorch/pytorch"}, "zeta": true, "alpha": 1.5, "note": "caf\u00e9"}"#

    /// The context of the relay tests' job, as `POST /api/v1/jobs` takes it.
    static func jobJSON(delivery: String, jobID: String) -> String {
        #"{"repo": "torch-spyre/torch-spyre", "sha": "0123abcd", "workflow": "pull", "run_id": "24033272679", "#
            + #""attempt": 1, "job": "test (spyre)", "job_id": "\#(jobID)", "delivery_id": "\#(delivery)", "#
            + #""event_type": "pull_request", "payload": \#(payload)}"#
    }

    static func object(_ body: String) throws -> PyDict {
        guard case .dict(let d) = try PyJSONParser.parse(body) else { throw CancellationError() }
        return d
    }

    static func int(_ v: PyValue?) -> Int? { if case .int(let i)? = v { return Int(i) } else { return nil } }

    @Test("the server sends in_progress, then completed with the final counts, once each, as the relay wants")
    func serverSends() async throws {
        let relay = RelayStandIn()
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("relay-\(UUID().uuidString)")
        try "relay-token-1\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        try await relay.with { relayBase in
            try await TestDatabase.withStore { store, _ in
                let token = try await IngestTests.token(store)
                try await TestServer.with(
                    store: store,
                    configure: {
                        $0.publicURL = "https://hudrelay.example.org"
                        $0.publish.relayURL = relayBase + "/github/callback"
                        $0.publish.relayToken = .file(tokenFile.path)
                        $0.publish.failedTestsJSON = true
                    }
                ) { server in
                    let auth = [("Authorization", "Bearer \(token)")]
                    relay.dispatch("d-123")
                    let created = try await server.request(
                        .POST, "/api/v1/jobs", body: Array(Self.jobJSON(delivery: "d-123", jobID: "98765").utf8),
                        headers: auth)
                    #expect(created.status == 200, "\(created.body)")
                    let job = try #require((TestServer.json(created.body)["id"] as? NSNumber)?.int64Value)
                    _ = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(1))
                    #expect(relay.accepted.count == 1)

                    // The token is read anew for every callback.
                    try "relay-token-2\n".write(to: tokenFile, atomically: true, encoding: .utf8)
                    relay.rotate(to: "relay-token-2")
                    let query =
                        "repo=torch-spyre/torch-spyre&sha=0123abcd&workflow=pull&run_id=24033272679&attempt=1"
                        + "&job=test%20(spyre)&job_id=98765&filename=test-reports/python-pytest/test_ops/r.xml"
                    let up = try await server.request(
                        .POST, "/api/v1/uploads?" + query, body: try PublishFixtures.report("test_ops"), headers: auth)
                    #expect((TestServer.json(up.body)["job_id"] as? NSNumber)?.int64Value == job)
                    try await PublishFixtures.finish(server, token: token, job: job)
                    _ = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(2))
                    let bodies = relay.accepted
                    try #require(bodies.count == 2, "\(relay.refused)")

                    let first = try Self.object(bodies[0])
                    let second = try Self.object(bodies[1])
                    for body in bodies {
                        let d = try Self.object(body)
                        #expect(d.items.map(\.key) == ["event_type", "delivery_id", "payload", "workflow"])
                        #expect(PyJSON.dumps(.dict(d)) == body, "serialized as json.dumps does")
                        #expect(
                            body.contains(#""payload": \#(Self.payload), "workflow""#), "the payload echoed as sent")
                    }
                    guard case .dict(let w1)? = first["workflow"], case .dict(let w2)? = second["workflow"] else {
                        Issue.record("no workflow")
                        return
                    }
                    #expect(w1.items.map(\.key) == Self.workflowKeys + ["artifact_url"])
                    #expect(
                        w2.items.map(\.key) == Self.workflowKeys + [
                            "test_results", "artifact_url", "failed_tests_json", "triage_verdict",
                        ])
                    #expect(w1["status"] == .string("in_progress") && w1["conclusion"] == .null)
                    #expect(w1["completed_at"] == .null && w1["started_at"] != .null)
                    #expect(w2["status"] == .string("completed") && w2["started_at"] == .null)
                    #expect(w1["check_run_id"] == .string("98765") && w2["check_run_id"] == w1["check_run_id"])
                    #expect(w2["url"] == .string("https://github.com/torch-spyre/torch-spyre/actions/runs/24033272679"))
                    #expect(w2["artifact_url"] == .string("https://hudrelay.example.org/jobs/\(job)"))
                    // Counts from the job's final outcomes, reruns merged.
                    let r = try await server.request(.GET, "/api/v1/jobs/\(job)/results?limit=1000")
                    let outcomes = (TestServer.json(r.body)["items"] as? [[String: Any]] ?? []).compactMap {
                        $0["outcome"] as? String
                    }
                    let passed = outcomes.filter { ["passed", "xfailed", "xpassed"].contains($0) }.count
                    let failed = outcomes.filter { ["failed", "error"].contains($0) }.count
                    let skipped = outcomes.filter { $0 == "skipped" }.count
                    guard case .dict(let results)? = w2["test_results"] else {
                        Issue.record("no test_results")
                        return
                    }
                    #expect(results.items.map(\.key) == ["passed", "failed", "skipped", "total"])
                    #expect(Self.int(results["passed"]) == passed && Self.int(results["failed"]) == failed)
                    #expect(Self.int(results["skipped"]) == skipped && Self.int(results["total"]) == outcomes.count)
                    #expect(passed > 0 && failed > 0 && skipped > 0)
                    #expect(w2["conclusion"] == .string("failure"))
                    guard case .string(let failedJSON)? = w2["failed_tests_json"],
                        case .list(let entries) = try PyJSONParser.parse(failedJSON)
                    else {
                        Issue.record("no failed_tests_json")
                        return
                    }
                    #expect(entries.count == failed)

                    // New data after `completed`: the relay refuses a second one, so none is sent.
                    let late = try await server.request(
                        .POST, "/api/v1/uploads?" + query, body: try PublishFixtures.report("test_extra"), headers: auth
                    )
                    _ = try await server.waitForUpload(TestServer.json(late.body)["id"] as? String ?? "")
                    try await Task.sleep(for: .seconds(1))
                    #expect(relay.accepted.count == 2 && relay.refused.isEmpty, "\(relay.refused)")

                    // A callback the relay refuses is recorded with its answer.
                    let stray = try await server.request(
                        .POST, "/api/v1/jobs", body: Array(Self.jobJSON(delivery: "d-unknown", jobID: "5").utf8),
                        headers: auth)
                    #expect(stray.status == 200)
                    let failedTasks = try await PublishFixtures.waitDeliveries(server) { tasks in
                        tasks.contains { $0["state"] as? String == "failed" }
                    }
                    let refused = try #require(failedTasks.first { $0["state"] as? String == "failed" })
                    #expect(refused["target"] as? String == "relay_in_progress")
                    #expect(refused["last_status"] as? Int == 404)
                    #expect((refused["response_body"] as? String ?? "").contains("no dispatch record"))
                }
            }
        }
    }

    @Test("`hudrelay hud report` posts from the CI job with a GitHub OIDC token; a duplicate fails the step")
    func cliReport() async throws {
        let relay = RelayStandIn()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dispatch = dir.appendingPathComponent("dispatch.json")
        try #"{"event_type": "pull_request", "delivery_id": "d-777", "payload": \#(Self.payload)}"#.write(
            to: dispatch, atomically: true, encoding: .utf8)
        let reportDir = dir.appendingPathComponent("test-reports/python-pytest/test_nn")
        try FileManager.default.createDirectory(at: reportDir, withIntermediateDirectories: true)
        let report = reportDir.appendingPathComponent("test_nn-1.xml")
        try Data(try PublishFixtures.report("test_nn")).write(to: report)
        try await relay.with { relayBase in
            try await TestDatabase.withStore { store, _ in
                let token = try await IngestTests.token(store)
                try await TestServer.with(store: store) { server in
                    relay.dispatch("d-777")
                    let context = [
                        "--server", server.base, "--token", token, "--repo", "torch-spyre/torch-spyre", "--sha",
                        "abc123",
                        "--workflow", "pull", "--run-id", "24033272680", "--attempt", "1", "--job", "test",
                        "--job-id", "98766", "--dispatch-file", dispatch.path,
                    ]
                    let oidc = [
                        "ACTIONS_ID_TOKEN_REQUEST_URL": relayBase + "/oidc?api-version=2.0",
                        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": RelayStandIn.oidcRequestToken,
                    ]
                    let report1 = ["hud", "report", "--relay-url", relayBase + "/github/callback"]
                    let started = try await CLIRun.run(
                        report1 + ["--status", "in_progress"] + context, environment: oidc)
                    #expect(started.status == 0, "\(started.stderr)")
                    let upload = try await CLIRun.run(
                        ["upload", "--final", "--wait"]
                            + context.filter { $0 != "--dispatch-file" && $0 != dispatch.path }
                            + ["test-reports/python-pytest/test_nn/test_nn-1.xml"],
                        environment: ["PWD": dir.path], cwd: dir)
                    #expect(upload.status == 0, "\(upload.stderr)")
                    let completed = try await CLIRun.run(
                        report1 + ["--status", "completed"] + context, environment: oidc)
                    #expect(completed.status == 0, "\(completed.stderr)")
                    // The two callbacks stamped the job's CI start and finish (the scorecard's times).
                    let stamped = try await TestDatabase.scalar(
                        store,
                        "SELECT count(*) FROM jobs WHERE started_at IS NOT NULL AND ci_finished_at >= started_at")
                    #expect(stamped == 1)
                    try #require(relay.accepted.count == 2, "\(relay.refused)")
                    let body = try Self.object(relay.accepted[1])
                    guard case .dict(let w)? = body["workflow"], case .dict(let results)? = w["test_results"] else {
                        Issue.record("no test_results")
                        return
                    }
                    #expect(Self.int(results["total"]) == 6 && Self.int(results["failed"]) == 1, "\(results)")
                    #expect(w["check_run_id"] == .string("98766"))

                    let again = try await CLIRun.run(report1 + ["--status", "completed"] + context, environment: oidc)
                    #expect(again.status != 0)
                    #expect(again.stderr.contains("409"), "\(again.stderr)")
                    #expect(again.stderr.split(separator: "\n").count == 1, "one line: \(again.stderr)")

                    let noToken = try await CLIRun.run(report1 + ["--status", "completed"] + context)
                    #expect(noToken.status != 0 && noToken.stderr.contains("id-token: write"), "\(noToken.stderr)")
                }
            }
        }
    }
}
