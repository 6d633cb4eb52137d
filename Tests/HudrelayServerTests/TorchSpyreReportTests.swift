import Foundation
import HudrelayHUD
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

/// torch-spyre's reports, made by real pytest with its retry marks, uploaded over HTTP: parse,
/// flaky report (file-retry evidence, generic tests, architecture), pages and relay callbacks.
@Suite("torch-spyre reports end to end", .serialized, .timeLimit(.minutes(10)))
struct TorchSpyreReportTests {
    static func items(_ body: String) -> [[String: Any]] { TestServer.json(body)["items"] as? [[String: Any]] ?? [] }

    static func byName(_ items: [[String: Any]]) -> [String: [String: Any]] {
        Dictionary(items.map { ($0["name"] as? String ?? "", $0) }) { a, _ in a }
    }

    static func evidence(_ item: [String: Any]?) -> [String: Any] { item?["evidence"] as? [String: Any] ?? [:] }

    @Test("prior-report failures are file-retry evidence; pod retries are infrastructure; arch and generic tests")
    func history() async throws {
        let history = try await TorchSpyreHistory.make()
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.publicURL = "https://hudrelay.example.org" }) {
                server in
                let auth = [("Authorization", "Bearer \(token)")]
                var uploads: [Int: [String: Any]] = [:]
                for j in 1...TorchSpyreHistory.jobs {
                    let r = try await server.request(
                        .POST, TorchSpyreHistory.query(j), body: try history.report(j), headers: auth)
                    try #require(r.status == 202, "job \(j): \(r.body)")
                    uploads[j] = TestServer.json(r.body)
                }
                try await FlakyHistory.settle(store)

                // Parse: job02's prior failure makes a flaky test of a report whose tests all passed.
                let up2 = try await server.waitForUpload(uploads[2]?["id"] as? String ?? "")
                let counts2 = up2["counts"] as? [String: Any] ?? [:]
                #expect(counts2["tests"] as? Int == 11 && counts2["passed"] as? Int == 11)
                #expect(counts2["flaky"] as? Int == 1 && counts2["reruns"] as? Int == 1)
                let up7 = try await server.waitForUpload(uploads[7]?["id"] as? String ?? "")
                #expect((up7["counts"] as? [String: Any])?["failed"] as? Int == 1)
                #expect((up7["counts"] as? [String: Any])?["flaky"] as? Int == 0)

                // The architecture comes from the reports' platform tags.
                for (j, arch) in [(1, "x86_64"), (9, "s390x")] {
                    let id = uploads[j]?["job_id"] as? Int ?? 0
                    let job = TestServer.json(try await server.request(.GET, "/api/v1/jobs/\(id)").body)
                    #expect(job["architecture"] as? String == arch, "job \(j)")
                }

                // The flaky report: two tests flaky only through prior-report evidence, one by reruns.
                let list = try await server.request(.GET, "/api/v1/flaky?repo=ibm/torch-spyre&window=30d")
                #expect(list.status == 200, "\(list.body)")
                let flaky = Self.byName(Self.items(list.body))
                #expect(
                    Set(flaky.keys) == [
                        "test_sub_privateuse1_float16", "test_mul_privateuse1_float32",
                        "test_compare_cpu_mul_privateuse1_float16",
                    ])
                let sub = Self.evidence(flaky["test_sub_privateuse1_float16"])
                #expect(sub["file_retry"] as? Int == 2 && sub["retry"] as? Int == 0)
                #expect(
                    (sub["file_retry_kinds"] as? [String: Int]) == ["signal": 1, "stall": 1, "pod": 0],
                    "job02 signal, job03 stall")
                #expect(flaky["test_sub_privateuse1_float16"]?["file"] as? String == "test/test_binary_ufuncs.py")
                #expect(
                    flaky["test_sub_privateuse1_float16"]?["generic_id"] as? String
                        == "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_sub")
                let mul = Self.evidence(flaky["test_mul_privateuse1_float32"])
                #expect(mul["file_retry"] as? Int == 2)
                let cmp = Self.evidence(flaky["test_compare_cpu_mul_privateuse1_float16"])
                #expect(cmp["retry"] as? Int == 2 && cmp["file_retry"] as? Int == 0)
                let onlyPrior = flaky.values.filter { t in
                    let e = Self.evidence(t)
                    return e["file_retry"] as? Int == t["flaky_runs"] as? Int && e["retry"] as? Int == 0
                        && e["file_rerun"] as? Int == 0 && e["same_commit"] as? Int == 0
                }
                #expect(onlyPrior.count == 2)

                // Grouped by generic test, and sliced by architecture.
                let generic = Self.items(
                    try await server.request(.GET, "/api/v1/flaky?repo=ibm/torch-spyre&window=30d&group=generic").body)
                #expect(
                    Set(generic.compactMap { $0["generic_id"] as? String }) == [
                        "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_sub",
                        "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_mul",
                        "test/test_ops.py::TestCommon::test_compare_cpu",
                    ])
                let cpu = generic.first { $0["name"] as? String == "test_compare_cpu" }
                #expect(
                    cpu?["variants"] as? [String] == [
                        "test.test_ops.TestCommonPRIVATEUSE1::test_compare_cpu_mul_privateuse1_float16"
                    ])
                let s390 = TestServer.json(
                    try await server.request(.GET, "/api/v1/flaky?repo=ibm/torch-spyre&window=30d&arch=s390x").body)
                #expect(s390["total"] as? Int == 0, "one rerun on s390x is one flaky run")
                let x86 = Self.byName(
                    Self.items(
                        try await server.request(.GET, "/api/v1/flaky?repo=ibm/torch-spyre&window=30d&arch=x86_64").body
                    ))
                #expect(Set(x86.keys) == ["test_sub_privateuse1_float16", "test_mul_privateuse1_float32"])

                // test_div: two pod retries, infrastructure evidence, shown but not counted.
                let found = Self.items(
                    try await server.request(.GET, "/api/v1/tests?q=test_div_privateuse1_float32").body)
                let div = try #require(found.first?["id"] as? Int)
                let runs = Self.items(try await server.request(.GET, "/api/v1/tests/\(div)/history").body)
                #expect(runs.filter { $0["pod_retry"] as? Bool == true }.count == 2)
                #expect(runs.allSatisfy { $0["flaky"] as? Bool == false })
                let page = try await server.request(.GET, "/tests/\(div)")
                #expect(page.body.contains("pod retry (infra)"))
                #expect(page.body.contains("test/test_binary_ufuncs.py"))
                let flakyPage = try await server.request(.GET, "/flaky?window=30d")
                #expect(flakyPage.body.contains("file retry 2"))

                // With analysis.podRetryFlaky, the pod retries count too.
                var settings = AnalysisSettings()
                settings.podRetryFlaky = true
                _ = try await store.analysis.rebuildAnalysis(settings: settings)
                let counted = Self.byName(
                    Self.items(try await server.request(.GET, "/api/v1/flaky?repo=ibm/torch-spyre&window=30d").body))
                #expect(Self.evidence(counted["test_div_privateuse1_float32"])["file_retry"] as? Int == 2)
                #expect(
                    (Self.evidence(counted["test_div_privateuse1_float32"])["file_retry_kinds"] as? [String: Int])?[
                        "pod"] == 2)
            }
        }
    }

    /// A dispatch answered by job `j` of the history.
    static func jobJSON(_ j: Int, delivery: String, conclusion: String? = nil) -> String {
        let sha = String(format: "%040x", j)
        return #"{"repo": "ibm/torch-spyre", "sha": "\#(sha)", "branch": "main", "workflow": "upstream", "#
            + #""run_id": "\#(1000 + j)", "job": "test_binary_ufuncs", "delivery_id": "\#(delivery)", "#
            + #""event_type": "pull_request", "#
            + (conclusion.map { #""conclusion": "\#($0)", "# } ?? "")
            + #""payload": {"repository": {"full_name": "pytorch/pytorch"}, "head_sha": "abc"}}"#
    }

    @Test("callbacks: failed tests with the action's fields, a triage verdict the relay keeps, CI conclusions, 429")
    func callbacks() async throws {
        let history = try await TorchSpyreHistory.make()
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
                        $0.publish.baseBackoff = .milliseconds(100)
                    }
                ) { server in
                    let auth = [("Authorization", "Bearer \(token)")]
                    // Jobs 1-6 and 8-10 without a dispatch, so that the flaky figures exist.
                    for j in 1...TorchSpyreHistory.jobs where j != 7 && j != 5 {
                        let r = try await server.request(
                            .POST, TorchSpyreHistory.query(j), body: try history.report(j), headers: auth)
                        try #require(r.status == 202, "job \(j): \(r.body)")
                    }
                    try await FlakyHistory.settle(store)
                    var jobs: [Int: Int64] = [:]
                    for (j, conclusion) in [(7, nil), (5, "timed_out")] as [(Int, String?)] {
                        relay.dispatch("d-\(j)")
                        let created = try await server.request(
                            .POST, "/api/v1/jobs",
                            body: Array(Self.jobJSON(j, delivery: "d-\(j)", conclusion: conclusion).utf8), headers: auth
                        )
                        try #require(created.status == 200, "\(created.body)")
                        jobs[j] = (TestServer.json(created.body)["id"] as? NSNumber)?.int64Value
                    }
                    _ = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(2))
                    relay.rateLimit(next: 1)
                    for j in [7, 5] {
                        let r = try await server.request(
                            .POST, TorchSpyreHistory.query(j), body: try history.report(j), headers: auth)
                        try #require(r.status == 202, "job \(j): \(r.body)")
                        _ = try await server.waitForUpload(TestServer.json(r.body)["id"] as? String ?? "")
                        try await PublishFixtures.finish(server, token: token, job: jobs[j]!)
                    }
                    let tasks = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(4))
                    #expect(tasks.count == 4 && tasks.allSatisfy { $0["state"] as? String == "done" }, "\(tasks)")
                    #expect(relay.refused.map(\.0) == [429], "one 429, then delivered: \(relay.refused)")
                    #expect(relay.accepted.count == 4, "each callback accepted once")
                    #expect(relay.droppedVerdicts.isEmpty, "\(relay.droppedVerdicts)")

                    var completed: [String: PyDict] = [:]
                    for body in relay.accepted {
                        guard case .dict(let d) = try PyJSONParser.parse(body), case .dict(let w)? = d["workflow"],
                            w["status"] == .string("completed"), case .string(let delivery)? = d["delivery_id"]
                        else { continue }
                        completed[delivery] = w
                    }
                    // Job 7: test_add failed in both runs of its file: a failure the verdict cannot explain.
                    let w7 = try #require(completed["d-7"])
                    #expect(w7["conclusion"] == .string("failure"))
                    guard case .string(let failedJSON)? = w7["failed_tests_json"],
                        case .list(let entries) = try PyJSONParser.parse(failedJSON),
                        case .dict(let entry)? = entries.first
                    else {
                        Issue.record("no failed_tests_json")
                        return
                    }
                    #expect(entries.count == 1)
                    #expect(entry.items.map(\.key) == ["name", "classname", "message", "stacktrace", "duration"])
                    #expect(entry["name"] == .string("test_add_privateuse1_float16"))
                    guard case .dict(let verdict)? = w7["triage_verdict"] else {
                        Issue.record("no triage_verdict")
                        return
                    }
                    #expect(verdict["category"] == .string("unknown") && verdict["confidence"] == .string("low"))
                    #expect(verdict["reproduced_on_retry"] == .bool(true), "it failed in the replaced report too")
                    guard case .list(let evidence)? = verdict["evidence"], case .dict(let first)? = evidence.first,
                        case .string(let url)? = first["log_url"]
                    else {
                        Issue.record("no evidence")
                        return
                    }
                    #expect(url.hasPrefix("https://hudrelay.example.org/tests/"))
                    #expect(first["test"] == .string("TestBinaryUfuncsPRIVATEUSE1::test_add_privateuse1_float16"))
                    // Job 5: every test passed, but CI says the job timed out; nothing failed to explain.
                    let w5 = try #require(completed["d-5"])
                    #expect(w5["conclusion"] == .string("timed_out"))
                    #expect(w5["triage_verdict"] == nil)
                    let completedTries = tasks.filter { $0["target"] as? String == "relay_completed" }
                        .map { $0["attempts"] as? Int ?? 0 }
                    #expect(completedTries.contains { $0 >= 2 }, "the callback that met the 429 was tried again")
                }
            }
        }
    }

    @Test("migrating fills in the generic id of tests stored before migration 0007")
    func backfill() async throws {
        try await TestDatabase.withStore { store, _ in
            try await store.client.query(
                """
                INSERT INTO tests (id, repo, file, classname, name) VALUES
                    (11, 'ibm/torch-spyre', '${TORCH_ROOT}/test/test_ops.py', 'TestOpsPRIVATEUSE1',
                     'test_add_privateuse1_float16'),
                    (12, 'ibm/torch-spyre', '', 'Plain', 'test_x')
                """, logger: TestDatabase.logger)
            let filled = try await store.migrator.fillGenericIDs()
            #expect(filled == 2)
            var ids: [String] = []
            for try await id in try await store.client.query(
                "SELECT generic_id FROM tests WHERE id IN (11, 12) ORDER BY id", logger: TestDatabase.logger
            ).decode(String.self) { ids.append(id) }
            #expect(ids == ["test/test_ops.py::TestOps::test_add", "Plain::test_x"])
            #expect(try await store.migrator.fillGenericIDs() == 0)
        }
    }
}
