import AsyncHTTPClient
import Foundation
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Shutdown with the database gone, and a database slower than the parser, under real processes.
@Suite("Shutdown and a slow database", .serialized, .timeLimit(.minutes(10)))
struct ShutdownFaultTests {
    @Test("SIGTERM with the database stopped mid-load ends `serve` and `work` in time; the upload is then done once")
    func sigtermWithDatabaseStopped() async throws {
        let cluster = try await FaultCluster.start("shutdown", basePort: 58_000)
        try await TestDatabase.withStore(on: cluster.base) { store, url in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            let server = try await ServerProcess.start(url: url, FaultTests.serverArguments)
            let work = Process()
            work.executableURL = CLIBinary.url
            work.arguments =
                [
                    "work", "--database-url", "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)",
                ] + FaultTests.serverArguments
            work.standardOutput = FileHandle.nullDevice
            work.standardError = FileHandle.nullDevice
            try work.run()
            let report = WorkerTests.report(seed: 43, cases: 200_000)
            let expected = try FaultCluster.rows(report)
            _ = try await FaultCluster.upload(server, HTTPClient.shared, token: token, job: "stopped", report)
            #expect(try await FaultCluster.copying(store))
            try await cluster.stop("immediate")
            let start = ContinuousClock.now
            kill(work.processIdentifier, SIGTERM)
            let serverTook = await server.terminate()
            await work.exited()
            let workTook = ContinuousClock.now - start
            print("SIGTERM with the database stopped: serve ended in \(serverTook), work in \(workTook)")
            #expect(serverTook < .seconds(18), "serve took \(serverTook)")
            #expect(workTook < .seconds(18), "work took \(workTook)")
            // The database comes back; a new server finishes the upload, exactly once.
            try await cluster.startAgain()
            let again = try await ServerProcess.start(url: url, FaultTests.serverArguments)
            let done = "SELECT count(*)::int8 FROM uploads WHERE state = 'done'"
            // The lease plus 60 s, and what loading 200,000 cases takes in a debug build.
            let limit = Duration.seconds(FaultTests.lease + 60 + 120)
            #expect(try await FaultCluster.wait(store, done, limit: limit, every: .milliseconds(100)) { $0 == 1 } == 1)
            #expect(await FaultCluster.scalar(store, "SELECT count(*)::int8 FROM results") == expected)
            #expect(await again.terminate() < .seconds(18))
            #expect(again.process.terminationStatus == 0)
        }
    }

    @Test("SIGTERM mid-load with a short drain: the upload is handed back at once (lease cleared, attempt not counted)")
    func sigtermHandsBack() async throws {
        let cluster = try await FaultCluster.start("shutdown", basePort: 58_000)
        try await TestDatabase.withStore(on: cluster.base) { store, url in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            // 11 s to shut down leaves the upload in hand 1 s to commit: a 200,000-case load is longer.
            let server = try await ServerProcess.start(
                url: url, ["--workers", "1", "--lease-seconds", "60", "--shutdown-timeout-seconds", "11"])
            let report = WorkerTests.report(seed: 45, cases: 200_000)
            _ = try await FaultCluster.upload(server, HTTPClient.shared, token: token, job: "drain", report)
            #expect(try await FaultCluster.copying(store, into: "results"))
            let took = await server.terminate()
            #expect(took < .seconds(13), "SIGTERM took \(took)")
            #expect(server.process.terminationStatus == 0)
            // Handed back, not left to its 60 s lease: queued, no owner, the attempt not counted.
            let handedBack =
                "SELECT count(*)::int8 FROM uploads WHERE state = 'queued' AND lease_owner IS NULL AND attempts = 0"
            #expect(await FaultCluster.scalar(store, handedBack) == 1, "\(server.logText.suffix(3000))")
            #expect(await FaultCluster.scalar(store, "SELECT count(*)::int8 FROM results") == 0)
        }
    }

    @Test("a lock held on `results`: the worker's memory stays flat while it waits, and the upload then goes through")
    func slowDatabaseBoundedMemory() async throws {
        let cluster = try await FaultCluster.start("shutdown", basePort: 58_000)
        try await TestDatabase.withStore(on: cluster.base) { store, url in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            let server = try await ServerProcess.start(
                url: url, ["--workers", "1", "--lease-seconds", "10", "--stall-seconds", "60"])
            let report = WorkerTests.report(seed: 44, cases: 200_000)
            let expected = try FaultCluster.rows(report)
            var samples: [Int] = []
            try await TestDatabase.withConnection(url) { lock in
                try await lock.query("BEGIN", logger: TestDatabase.logger)
                try await lock.query("LOCK TABLE results IN ACCESS EXCLUSIVE MODE", logger: TestDatabase.logger)
                _ = try await FaultCluster.upload(server, HTTPClient.shared, token: token, job: "slow", report)
                let processing = "SELECT count(*)::int8 FROM uploads WHERE state = 'processing'"
                #expect(try await FaultCluster.wait(store, processing, limit: .seconds(60)) { $0 > 0 } == 1)
                // The parser runs ahead until its hand-off is full, then waits with the database.
                for _ in 0..<40 {
                    try await Task.sleep(for: .milliseconds(250))
                    if let pid = server.workerPID, let rss = ServerProcess.rss(pid) { samples.append(rss) }
                }
                try await lock.query("COMMIT", logger: TestDatabase.logger)
            }
            let settled = samples.dropFirst(samples.count / 4)
            let growth = (settled.max() ?? 0) - (settled.first ?? 0)
            let mib = { (b: Int) in b / (1 << 20) }
            print(
                "lock on results: worker RSS \(mib(samples.first ?? 0)) MiB at first, "
                    + "\(mib(settled.first ?? 0))–\(mib(settled.max() ?? 0)) MiB while waiting (report \(mib(report.count)) MiB)"
            )
            #expect(samples.count >= 30)
            #expect(growth < 24 << 20, "the worker grew by \(mib(growth)) MiB while the database was locked")
            let done = "SELECT count(*)::int8 FROM uploads WHERE state = 'done'"
            #expect(
                try await FaultCluster.wait(store, done, limit: .seconds(120), every: .milliseconds(100)) { $0 == 1 }
                    == 1)
            #expect(await FaultCluster.scalar(store, "SELECT count(*)::int8 FROM results") == expected)
            #expect(await server.terminate() < .seconds(35))
        }
    }
}
