import AsyncHTTPClient
import Foundation
import HudrelayStore
import PostgresNIO
import Testing

/// `hudrelay serve --read-database-url`: reads from a real hot standby (`scripts/test-db standby`,
/// streaming from a private cluster), writes to the primary, the standby's lag in `/readyz` and
/// `/metrics`.
@Suite("Read replica", .serialized, .timeLimit(.minutes(5)))
struct ReplicaTests {
    static func jobs(_ server: ServerProcess, _ http: HTTPClient) async -> [String] {
        guard let r = await server.request(http, .GET, "/api/v1/jobs?repo=a/b"), r.status == 200 else { return [] }
        return (TestServer.json(r.body)["items"] as? [[String: Any]] ?? []).compactMap { $0["sha"] as? String }
    }

    static func lag(_ server: ServerProcess, _ http: HTTPClient) async -> Double? {
        guard let r = await server.request(http, .GET, "/readyz"), r.status == 200 else { return nil }
        return ((TestServer.json(r.body)["read_replica"] as? [String: Any])?["lag_seconds"] as? NSNumber)?.doubleValue
    }

    /// Polls `condition` every 50 ms until it holds or `limit` passes; returns whether it held.
    static func eventually(
        _ limit: Duration = .seconds(60), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test("reads come from the standby (a paused replay hides new jobs), /readyz and /metrics show its lag")
    func readsFromStandby() async throws {
        let cluster = try await FaultCluster.start("replica", basePort: 59_000)
        let standby = try DatabaseURL(
            try await RestartTests.testDB("standby", ["start"], dir: cluster.dir, port: cluster.port))
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await TestDatabase.withStore(on: cluster.base) { store, url in
                let token = try await store.tokens.createToken(name: "ci", scope: .upload)
                let replica = standby.with(database: url.database)
                let replicaURL = "postgres://\(replica.username)@\(replica.host):\(replica.port)/\(replica.database)"
                let server = try await ServerProcess.start(url: url, ["--read-database-url", replicaURL])
                let upload = { (sha: String) in
                    let r = await server.request(
                        http, .POST, "/api/v1/uploads?repo=a/b&sha=\(sha)&job=\(sha)",
                        body: Array(FreshnessTests.report("test_\(sha)").utf8),
                        headers: [("Authorization", "Bearer \(token)")])
                    #expect(r?.status == 202, "\(r?.body ?? "no answer")")
                }
                let done = { (n: Int) in
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'") == n
                }
                try await upload("one")
                #expect(try await Self.eventually { try await done(1) })
                #expect(await Self.eventually { await Self.jobs(server, http) == ["one"] })
                #expect(await Self.lag(server, http) != nil, "/readyz reports the replica")

                // Replay paused on the standby: the primary has the new job, the API does not yet.
                try await TestDatabase.withConnection(replica) { conn in
                    try await conn.query("SELECT pg_wal_replay_pause()", logger: TestDatabase.logger)
                }
                try await upload("two")
                #expect(try await Self.eventually { try await done(2) })
                let behind = try await Self.eventually {
                    var received = false
                    try await TestDatabase.withConnection(replica) { conn in
                        let rows = try await conn.query(
                            "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()", logger: TestDatabase.logger)
                        for try await r in rows.decode(Bool.self) { received = r }
                    }
                    return received
                }
                #expect(behind, "the standby received WAL it has not replayed")
                #expect(await Self.jobs(server, http) == ["one"], "the job list is the standby's")
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM jobs") == 2)
                #expect(await Self.eventually { (await Self.lag(server, http) ?? 0) > 0 })
                let metrics = await server.request(http, .GET, "/metrics")?.body ?? ""
                let line = metrics.split(separator: "\n").first { $0.hasPrefix("hudrelay_read_replica_lag_seconds ") }
                let value = line.flatMap { Double($0.split(separator: " ").last ?? "") }
                #expect((value ?? 0) > 0, "the lag gauge: \(String(line ?? "missing"))")

                // Replay resumed: the standby catches up and the lag goes back to 0.
                try await TestDatabase.withConnection(replica) { conn in
                    try await conn.query("SELECT pg_wal_replay_resume()", logger: TestDatabase.logger)
                }
                #expect(await Self.eventually { Set(await Self.jobs(server, http)) == ["one", "two"] })
                #expect(await Self.eventually { await Self.lag(server, http) == 0 })

                // The standby stops: not ready (its reads would fail), but uploads still land.
                _ = try await RestartTests.testDB("standby", ["stop"], dir: cluster.dir, port: cluster.port)
                let ready = await server.request(http, .GET, "/readyz")
                #expect(ready?.status == 503)
                #expect(TestServer.json(ready?.body ?? "")["code"] as? String == "read_replica_unreachable")
                try await upload("three")
                #expect(try await Self.eventually { try await done(3) })
                _ = await server.terminate()
            }
        } catch {
            _ = try? await RestartTests.testDB("standby", ["stop"], dir: cluster.dir, port: cluster.port)
            try? await http.shutdown()
            throw error
        }
        _ = try? await RestartTests.testDB("standby", ["stop"], dir: cluster.dir, port: cluster.port)
        try await http.shutdown()
    }
}
