import Foundation
import HudrelayServer
import HudrelayStore
import Testing

/// PyTorch's per-test rows published to a real S3-compatible server (moto, checking signatures),
/// read back, compared with the committed expected rows, and loaded by ClickHouse (chdb) the way
/// HUD's replicator loads them.
@Suite("Publishing rows", .serialized, .timeLimit(.minutes(10)))
struct PublishRowsTests {
    static let collections = ["test_run_summary", "failed_test_runs", "test_run"]
    static let run = "17000000001"

    static func keys(_ run: String) -> [String] { collections.map { "\($0)/\(run)/1" } }

    @Test(
        "a workflow run's rows reach S3 once all its jobs finished, as committed, and new data rewrites the same keys")
    func workflowRunRows() async throws {
        let moto = Moto.shared
        let bucket = try await moto.newBucket()
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.publish.sink = moto.sink(bucket: bucket) }) {
                server in
                let (uploadA, jobA) = try await PublishFixtures.upload(
                    server, token: token, report: "test_ops", runID: Self.run, jobID: "48000000001",
                    job: "test (default, 1)")
                let (uploadB, jobB) = try await PublishFixtures.upload(
                    server, token: token, report: "test_nn", runID: Self.run, jobID: "48000000002",
                    job: "test (default, 2)")
                // Finished while its upload may still be queued: published only with its rows.
                try await PublishFixtures.finish(server, token: token, job: jobA)
                for id in [uploadA, uploadB] { _ = try await server.waitForUpload(id) }
                try await Task.sleep(for: .seconds(1))
                #expect(try await PublishFixtures.deliveries(server).isEmpty, "job B is not finished yet")

                try await PublishFixtures.finish(server, token: token, job: jobB)
                let first = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(1))
                #expect(first.first?["keys"] as? [String] == Self.keys(Self.run), "\(first)")
                let objects = try await moto.inspect(bucket)
                #expect(Set(objects.keys) == Set(Self.keys(Self.run)))
                for collection in Self.collections {
                    let object = try #require(objects["\(collection)/\(Self.run)/1"])
                    #expect(object["versions"] as? Int == 1, "\(collection) was written once")
                    #expect(object["content_encoding"] as? String == "gzip")
                    #expect(object["content_type"] as? String == "application/json")
                    #expect(object["json_dumps_identical"] as? Bool == true, "\(collection): json.dumps lines")
                    let lines = object["lines"] as? [String] ?? []
                    try PublishFixtures.recordIfAsked("run", collection, lines)
                    let expected = try PublishFixtures.expected("run", collection)
                    #expect(lines.count == expected.count, "\(collection)")
                    for (got, want) in zip(lines, expected) { #expect(got == want, "\(collection)") }
                    let rows = (object["clickhouse"] as? [String: Any])?["rows"] as? [[Any]] ?? []
                    #expect(rows.count == expected.count, "ClickHouse reads every row of \(collection)")
                }
                // HUD's in_subprocess flaky query finds exactly the tests that passed on a rerun.
                let caseRows = try #require(objects["test_run/\(Self.run)/1"]?["clickhouse"] as? [String: Any])
                let found = Set((caseRows["in_subprocess"] as? [[Any]] ?? []).compactMap { $0.first as? String })
                var flaky = try await PublishFixtures.flakyNames(server, job: jobA)
                flaky.formUnion(try await PublishFixtures.flakyNames(server, job: jobB))
                #expect(found == flaky && !found.isEmpty, "ClickHouse \(found) vs hudrelay \(flaky)")
                let failedRows = try #require(
                    objects["failed_test_runs/\(Self.run)/1"]?["clickhouse"] as? [String: Any])
                let failedFlaky = (failedRows["in_subprocess"] as? [[Any]] ?? []).compactMap { $0.first as? String }
                #expect(Set(failedFlaky) == flaky)

                // New data for a published job: the same keys again, nothing added.
                let (late, _) = try await PublishFixtures.upload(
                    server, token: token, report: "test_extra", runID: Self.run, jobID: "48000000001",
                    job: "test (default, 1)")
                _ = try await server.waitForUpload(late)
                let second = try await PublishFixtures.waitDeliveries(server) { tasks in
                    tasks.count == 1 && tasks[0]["delivered_generation"] as? Int == 2
                        && tasks[0]["state"] as? String == "done"
                }
                #expect(second.count == 1 && second[0]["generation"] as? Int == 2, "\(second)")
                let again = try await moto.inspect(bucket)
                #expect(Set(again.keys) == Set(Self.keys(Self.run)))
                for collection in Self.collections {
                    let object = try #require(again["\(collection)/\(Self.run)/1"])
                    #expect(object["versions"] as? Int == 2, "\(collection) was written again under its key")
                    try PublishFixtures.recordIfAsked("run-again", collection, object["lines"] as? [String] ?? [])
                    #expect(object["lines"] as? [String] == (try PublishFixtures.expected("run-again", collection)))
                }
            }
        }
    }

    @Test(
        "a signature S3 refuses is recorded with its answer, shown by the API, /metrics and the CLI, and retried on demand"
    )
    func refusedSignature() async throws {
        let moto = Moto.shared
        let bucket = try await moto.newBucket()
        try await TestDatabase.withStore { store, url in
            let token = try await IngestTests.token(store)
            let job: Int64 = try await TestServer.with(
                store: store, configure: { $0.publish.sink = moto.sink(bucket: bucket, secret: "not-the-secret") }
            ) { server in
                let (upload, job) = try await PublishFixtures.upload(
                    server, token: token, report: "test_nn", runID: "", jobID: "", job: "nightly")
                _ = try await server.waitForUpload(upload)
                try await PublishFixtures.finish(server, token: token, job: job)
                let tasks = try await PublishFixtures.waitDeliveries(server) {
                    $0.first?["state"] as? String == "failed"
                }
                let task = try #require(tasks.first)
                #expect(task["state"] as? String == "failed")
                #expect(task["last_status"] as? Int == 403)
                #expect((task["response_body"] as? String ?? "").contains("SignatureDoesNotMatch"), "\(task)")
                let failedOnly = try await PublishFixtures.deliveries(server, query: "&state=failed")
                #expect(failedOnly.count == 1)
                let metrics = try await server.request(.GET, "/metrics").body
                #expect(metrics.contains("hudrelay_publish_tasks{state=\"failed\"} 1"))
                #expect(metrics.contains("hudrelay_publish_refused_total 1"))
                return job
            }
            #expect(try await moto.inspect(bucket).isEmpty, "nothing was written")
            let status = try await CLIRun.run(["publish", "--status", "--database-url", url.description])
            #expect(status.status == 0)
            #expect(status.stdout.contains("failed 1") && status.stdout.contains("last status 403"), "\(status.stdout)")
            let retried = try await CLIRun.run(["publish", "--retry-failed", "--database-url", url.description])
            #expect(retried.stdout.contains("1 refused deliveries queued again"), "\(retried.stdout)")
            // With the right credentials, the delivery that was refused goes through.
            try await TestServer.with(store: store, configure: { $0.publish.sink = moto.sink(bucket: bucket) }) {
                server in
                let tasks = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(1))
                #expect(tasks.first?["state"] as? String == "done", "\(tasks)")
                #expect((tasks.first?["keys"] as? [String] ?? []).allSatisfy { $0.hasSuffix("/\(job)") })
            }
            #expect(try await moto.inspect(bucket).count == 3)
            let missing = try await CLIRun.run(["publish", "--job", "999999", "--database-url", url.description])
            #expect(missing.status != 0 && missing.stderr.contains("there is no job 999999"))
        }
    }
}
