import Foundation
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Testing

/// Exactly-once processing under concurrency and crashes.
@Suite("Workers", .serialized, .timeLimit(.minutes(10)))
struct WorkerTests {
    /// A small pytest-style report; `seed` makes its content unique.
    static func report(seed: Int, cases: Int) -> [UInt8] {
        var s = "<testsuites><testsuite name=\"pytest\">"
        for i in 0..<cases {
            let cls = "test.test_ops.TestOps\(i % 7)"
            if i % 11 == 0 { s += "<testcase classname=\"\(cls)\" name=\"test_\(i)\"/>" }
            s += "<testcase classname=\"\(cls)\" name=\"test_\(i)\" time=\"0.01\">"
            if i % 13 == 0 { s += "<failure message=\"seed \(seed)\">tb</failure>" }
            s += "</testcase>"
        }
        return Array((s + "</testsuite></testsuites>").utf8)
    }

    @Test("4 workers over 200 uploads: every result exactly once")
    func manyUploads() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            try await TestServer.with(store: store, workers: 4) { server in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for batch in 0..<4 {
                        group.addTask {
                            for i in stride(from: batch, to: 200, by: 4) {
                                let r = try await server.request(
                                    .POST, "/api/v1/uploads?repo=a/b&sha=s\(i % 10)&job=j\(i)",
                                    body: Self.report(seed: i, cases: 50),
                                    headers: [("Authorization", "Bearer \(token)")])
                                #expect(r.status == 202)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let deadline = ContinuousClock.now + .seconds(120)
                while try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state <> 'done'")
                    > 0,
                    ContinuousClock.now < deadline
                {
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'")
                        == 200)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 200 * 50)
                #expect(
                    try await TestDatabase.scalar(
                        store,
                        "SELECT count(*)::int8 FROM (SELECT upload_id, test_id FROM results GROUP BY 1, 2 HAVING count(*) > 1) d"
                    )
                        == 0)
            }
        }
    }

    @Test("a `hudrelay work` process killed mid-report leaves its upload to be reclaimed: results exactly once")
    func killedWorker() async throws {
        try await TestDatabase.withStore { store, url in
            // Start a worker process and kill it as soon as it has claimed the upload.
            let (stored, worker) = try await Self.bigUploadClaimed(store, url: url, seed: 1, lease: 2)
            let deadline = ContinuousClock.now + .seconds(60)
            kill(worker.processIdentifier, SIGKILL)
            await worker.exited()
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 0)
            // A new worker reclaims it once the lease has expired.
            let again = try Self.spawnWorker(url: url, lease: 2)
            defer { kill(again.processIdentifier, SIGTERM) }
            while try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'") == 0,
                ContinuousClock.now < deadline + .seconds(60)
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            let status = try #require(try await store.queue.uploadStatus(id: stored.id))
            #expect(status.state == .done)
            #expect(status.attempts >= 2)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 60_000)
            kill(again.processIdentifier, SIGTERM)
            await again.exited()
            #expect(again.terminationStatus == 0)
        }
    }

    @Test("SIGTERM lets a `hudrelay work` process finish the upload it holds, then exit 0")
    func drainOnSigterm() async throws {
        try await TestDatabase.withStore { store, url in
            let (stored, worker) = try await Self.bigUploadClaimed(store, url: url, seed: 2, lease: 30)
            kill(worker.processIdentifier, SIGTERM)
            await worker.exited()
            #expect(worker.terminationStatus == 0)
            let status = try #require(try await store.queue.uploadStatus(id: stored.id))
            #expect(status.state == .done)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 60_000)
        }
    }

    @Test("a report cut off after 20,000 cases stores no row and fails with its position, raw bytes kept")
    func cutOffMidStream() async throws {
        try await TestDatabase.withStore { store, _ in
            let whole = Self.report(seed: 3, cases: 20_000)
            let cut = Array(whole.prefix(whole.count - 40))
            let stored = try await store.queue.storeUpload(
                context: JobContext(repo: "a/b", sha: "cut"), filename: "cut.xml",
                content: .inline(try GzipDeflater.compress(cut)),
                sha256: Array(repeating: 9, count: 32), size: Int64(cut.count), publishing: PublishSettings())
            let worker = WorkerService(
                store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "w", options: WorkerOptions(),
                logger: TestDatabase.logger)
            #expect(try await worker.processNext())
            let status = try #require(try await store.queue.uploadStatus(id: stored.id))
            #expect(status.state == .failed)
            #expect(status.errorKind == "truncated")
            #expect((status.errorLine ?? 0) >= 1)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 0)
            let kept = "SELECT count(*)::int8 FROM uploads WHERE length(content_gzip) > 0"
            #expect(try await TestDatabase.scalar(store, kept) == 1)
        }
    }

    /// Stores a 60,000-case upload and starts a `hudrelay work` process; returns once it holds it.
    static func bigUploadClaimed(
        _ store: Store, url: DatabaseURL, seed: Int, lease: Int
    ) async throws -> (
        StoredUpload, Process
    ) {
        let big = report(seed: seed, cases: 60_000)
        let stored = try await store.queue.storeUpload(
            context: JobContext(repo: "a/b", sha: "big\(seed)"), filename: "big.xml",
            content: .inline(try GzipDeflater.compress(big)), sha256: Array(repeating: UInt8(seed), count: 32),
            size: Int64(big.count), publishing: PublishSettings())
        let worker = try spawnWorker(url: url, lease: lease)
        let deadline = ContinuousClock.now + .seconds(60)
        while try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state = 'processing'")
            == 0,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        return (stored, worker)
    }

    static func spawnWorker(url: DatabaseURL, lease: Int) throws -> Process {
        let p = Process()
        p.executableURL = CLIBinary.url
        p.arguments = [
            "work", "--database-url", "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)",
            "--workers", "1", "--lease-seconds", String(lease),
            // Time enough to finish a 60,000-case report in a debug build on a busy machine before
            // the worker hands it back (ShutdownFaultTests covers the hand-back).
            "--stall-seconds", "120", "--shutdown-timeout-seconds", "180",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }
}

/// The built `hudrelay` executable.
enum CLIBinary {
    static let url: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hudrelay").path) && dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("hudrelay")
    }()
}
