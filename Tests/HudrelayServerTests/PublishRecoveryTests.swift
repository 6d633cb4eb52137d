import Foundation
import HudrelayHUD
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Synchronization
import Testing

/// The outbox under trouble: a sink that goes away mid-stream, and jobs nobody finishes.
@Suite("Publishing through outages", .serialized, .timeLimit(.minutes(10)))
struct PublishRecoveryTests {
    /// A TCP proxy in front of moto (`Fixtures/publish/tcp_proxy.py`): killing it takes the sink
    /// away, starting it again brings the same sink back.
    final class Proxy: Sendable {
        let port: Int
        let target: Int
        let process = Mutex<Process?>(nil)

        init(target: Int) throws {
            let socket = try ServerSocketPort.free()
            port = socket
            self.target = target
        }

        func start() async throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: FlakyHistory.python)
            p.arguments = [
                PublishFixtures.dir.appendingPathComponent("tcp_proxy.py").path, String(port), String(target),
            ]
            let out = Pipe()
            p.standardOutput = out
            // Not the test's own stderr: a child left holding it would keep `swift test` waiting.
            p.standardError = FileHandle.nullDevice
            try p.run()
            _ = try await offPool { out.fileHandleForReading.availableData }
            process.withLock { $0 = p }
        }

        func stop() async {
            guard let p = process.withLock({ $0 }) else { return }
            kill(p.processIdentifier, SIGKILL)
            await p.exited()
        }
    }

    @Test("a sink stopped mid-stream, then restarted: every object arrives once, in order, with its rows")
    func sinkRestart() async throws {
        // Starting waits until moto answers: off the cooperative pool.
        let moto = try await offPool { try Moto.start(auth: false) }
        defer { try? moto.stop() }  // a SIGKILL and a refused connection: quick
        let proxy = try Proxy(target: moto.port)
        try await proxy.start()
        defer { if let p = proxy.process.withLock({ $0 }) { kill(p.processIdentifier, SIGKILL) } }
        let bucket = "hud-restart"
        try await moto.createBucket(bucket)
        let sink = moto.sink(bucket: bucket, endpoint: "http://127.0.0.1:\(proxy.port)")
        let reports = ["test_ops", "test_nn", "test_extra", "test_ops"]
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(
                store: store,
                configure: {
                    $0.publish.sink = sink
                    $0.publish.baseBackoff = .milliseconds(200)
                    $0.publish.maxBackoff = .seconds(1)
                }
            ) { server in
                var jobs: [Int64] = []
                for (i, name) in reports.enumerated() {
                    let (upload, job) = try await PublishFixtures.upload(
                        server, token: token, report: name, runID: "1800000000\(i)", jobID: "4900000000\(i)",
                        job: "test")
                    _ = try await server.waitForUpload(upload)
                    jobs.append(job)
                }
                try await PublishFixtures.finish(server, token: token, job: jobs[0])
                _ = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(1))

                await proxy.stop()
                for job in jobs.dropFirst() { try await PublishFixtures.finish(server, token: token, job: job) }
                // The first delivery after the stop fails and is retried; the later ones wait behind it.
                let stalled = try await PublishFixtures.waitDeliveries(server) { tasks in
                    tasks.contains { ($0["attempts"] as? Int ?? 0) >= 2 && $0["state"] as? String == "pending" }
                }
                let byID = stalled.sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
                #expect(byID.count == 4)
                #expect((byID[1]["attempts"] as? Int ?? 0) >= 2 && byID[1]["last_error"] is String, "\(byID[1])")
                #expect(byID[2]["attempts"] as? Int == 0 && byID[3]["attempts"] as? Int == 0, "held back in order")

                try await proxy.start()
                let done = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(4))
                let ordered = done.sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
                let times = ordered.compactMap { $0["delivered_at"] as? String }
                #expect(times == times.sorted(), "delivered in the order the jobs finished")

                let objects = try await moto.inspect(bucket)
                #expect(objects.count == 12, "three objects for each of the four runs")
                for i in 0..<4 {
                    let run = "1800000000\(i)"
                    let origin = PyTorchRows.Origin(
                        workflowID: Int64(run)!, workflowRunAttempt: 1, jobID: Int64("4900000000\(i)")!,
                        invokingFile: reports[i])
                    let rows = try RerunRows.cases(report: try PublishFixtures.report(reports[i]), origin: origin)
                    let expected = PyTorchRows.jsonLines(rows).split(separator: "\n").map(String.init)
                    let object = try #require(objects["test_run/\(run)/1"])
                    #expect(object["versions"] as? Int == 1, "run \(run) arrived once")
                    #expect(object["lines"] as? [String] == expected, "run \(run)")
                    for collection in ["test_run_summary", "failed_test_runs"] {
                        #expect(objects["\(collection)/\(run)/1"]?["versions"] as? Int == 1)
                    }
                }
            }
        }
    }

    @Test("a job nobody finishes is finished after the quiet period; rows keyed per job land in a directory")
    func quietPeriodToDirectory() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hud-dir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(
                store: store,
                configure: {
                    $0.publish.sink = .directory(DirectorySink(directory: dir))
                    $0.publish.perJobKeys = true
                    $0.publish.quietPeriod = .seconds(1)
                    $0.publish.quietCheckInterval = .milliseconds(200)
                }
            ) { server in
                let (upload, _) = try await PublishFixtures.upload(
                    server, token: token, report: "test_nn", runID: "17000000009", jobID: "48000000009", job: "t")
                _ = try await server.waitForUpload(upload)
                let tasks = try await PublishFixtures.waitDeliveries(server, PublishFixtures.allDone(1))
                #expect(tasks.first?["state"] as? String == "done", "\(tasks)")
                let file = dir.appendingPathComponent("test_run/17000000009/1/48000000009.json.gz")
                let text = String(
                    decoding: try GzipInflater.decompress([UInt8](try Data(contentsOf: file))), as: UTF8.self)
                let origin = PyTorchRows.Origin(
                    workflowID: 17_000_000_009, workflowRunAttempt: 1, jobID: 48_000_000_009, invokingFile: "test_nn")
                #expect(
                    text
                        == PyTorchRows.jsonLines(
                            try RerunRows.cases(report: try PublishFixtures.report("test_nn"), origin: origin)))
                for c in ["test_run_summary", "failed_test_runs"] {
                    #expect(
                        FileManager.default.fileExists(
                            atPath: dir.appendingPathComponent("\(c)/17000000009/1/48000000009.json.gz").path))
                }
            }
        }
    }
}
