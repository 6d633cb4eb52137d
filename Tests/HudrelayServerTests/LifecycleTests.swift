import Foundation
import HudrelayStore
import PostgresNIO
import Testing

/// The application's lifecycle: the database client and the migrations are services of its group,
/// the server listens only once the schema is there, and a migration that fails stops the start.
@Suite("Lifecycle", .serialized, .timeLimit(.minutes(5)))
struct LifecycleTests {
    @Test("a server on an empty database migrates it before it listens: its first answers find the schema")
    func migratesBeforeListening() async throws {
        try await TestDatabase.withStore(migrate: false) { store, _ in
            try await TestServer.with(store: store, workers: 1) { server in
                // No wait: the port is known only once the server listens.
                let applied = try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM hudrelay_migrations")
                #expect(applied == Migration.all.count)
                let jobs = try await server.request(.GET, "/api/v1/jobs")
                #expect(jobs.status == 200, "\(jobs.body)")
                let token = try await store.tokens.createToken(name: "ci", scope: .upload)
                let report = [UInt8](try Data(contentsOf: IngestTests.reruns))
                let r = try await server.request(
                    .POST, "/api/v1/uploads?repo=a/b&sha=fresh&job=test", body: report,
                    headers: [("Authorization", "Bearer \(token)")])
                #expect(r.status == 202, "\(r.body)")
                let id = try #require(TestServer.json(r.body)["id"] as? String)
                #expect(try await server.waitForUpload(id)["state"] as? String == "done")
            }
        }
    }

    @Test("a migration that cannot apply stops `hudrelay serve` with the error, before it listens")
    func failedMigrationStops() async throws {
        try await TestDatabase.withStore(migrate: false) { _, url in
            // A table in the way of the first migration.
            try await TestDatabase.withConnection(url) { conn in
                try await conn.query("CREATE TABLE uploads (unexpected int)", logger: TestDatabase.logger)
            }
            let (p, log) = try ServerProcess.launch(url: url)
            defer { try? FileManager.default.removeItem(atPath: log) }
            #expect(await p.exited(within: .seconds(60)), "serve kept running")
            #expect(p.terminationStatus != 0)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(!text.contains("hudrelay is listening"), "\(text)")
            #expect(text.contains("0001_ingest.sql did not apply") && text.contains("uploads"), "\(text)")
        }
    }

    @Test("SIGTERM while the migrations wait for another instance's lock ends `serve` at once, exit 0")
    func sigtermWhileMigrating() async throws {
        try await TestDatabase.withStore(migrate: false) { store, url in
            try await TestDatabase.withConnection(url) { other in
                // Another instance migrating: it holds the migrations' advisory lock.
                try await other.query("BEGIN", logger: TestDatabase.logger)
                try await other.query(
                    "SELECT pg_advisory_xact_lock(\(0x6875_6472_656C_6179 as Int64))", logger: TestDatabase.logger)
                let (p, log) = try ServerProcess.launch(url: url, ["--shutdown-timeout-seconds", "60"])
                defer { try? FileManager.default.removeItem(atPath: log) }
                // Only this database's waiters on the migrations' key: other tests running beside
                // this one take advisory locks of their own in their own databases.
                let waiting = """
                    SELECT count(*)::int8 FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
                      AND classid = \(0x6875_6472 as Int64)::oid AND objid = \(0x656C_6179 as Int64)::oid
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """
                let waiters = try await FaultCluster.wait(
                    store, waiting, limit: .seconds(60), every: .milliseconds(50)
                ) { $0 > 0 }
                #expect(waiters == 1, "serve never waited for the lock")
                let sent = ContinuousClock.now
                kill(p.processIdentifier, SIGTERM)
                let ended = await p.exited(within: .seconds(30))
                let took = ContinuousClock.now - sent
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                #expect(ended, "serve still waited for the lock after SIGTERM: \(text.suffix(1500))")
                #expect(took < .seconds(10), "SIGTERM took \(took)")
                #expect(p.terminationStatus == 0, "\(text.suffix(1500))")
                try await other.query("ROLLBACK", logger: TestDatabase.logger)
            }
        }
    }
}
