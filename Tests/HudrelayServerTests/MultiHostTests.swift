import AsyncHTTPClient
import Foundation
import HudrelayStore
import PostgresNIO
import Synchronization
import Testing

/// Several `hudrelay work` hosts against one PostgreSQL: each host a network namespace joined by a
/// veth pair (`scripts/netns-hosts`), the database reached over that link. One host is cut off in
/// the middle of loading an upload; every upload is still done exactly once.
@Suite("Several hosts", .serialized, .timeLimit(.minutes(8)))
struct MultiHostTests {
    static let script = TestDatabase.repoRoot.appendingPathComponent("scripts/netns-hosts").path

    static func hosts(_ args: [String]) async throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("netns-\(UUID()).out").path
        let status = try await offPool { try Subprocess.run(script, args, outputFile: out) }
        #expect(status == 0, "scripts/netns-hosts \(args.joined(separator: " ")) failed")
        return ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// A report of `cases` passing tests of its own.
    static func report(_ n: Int, cases: Int) -> [UInt8] {
        var xml = "<testsuite name=\"pytest\">"
        for i in 0..<cases { xml += "<testcase classname=\"t.test_r\(n).T\" name=\"test_\(i)\" time=\"0.01\"/>" }
        return Array((xml + "</testsuite>").utf8)
    }

    /// `hudrelay work` inside namespace `ns`, reaching the database at `host`; its pid. Spawned
    /// with none of our descriptors (not Foundation's `Process`, whose own pipes another child
    /// could inherit and hold open).
    static func work(ns: String, host: String, url: DatabaseURL, archive: String) throws -> pid_t {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("work-\(ns)-\(UUID()).log").path
        return try Subprocess.spawn(
            "/usr/sbin/ip",
            [
                "netns", "exec", ns, CLIBinary.url.path, "work", "--database-url",
                "postgres://\(url.username)@\(host):\(url.port)/\(url.database)", "--workers", "1", "--lease-seconds",
                "6", "--stall-seconds", "6",
            ], output: .file(log), error: .file(log + ".err"),
            environment: ProcessInfo.processInfo.environment.merging(["HUDRELAY_REPORTS_DIR": archive]) { $1 })
    }

    @Test("two work hosts on one database; one cut off mid-upload: every upload done exactly once, nothing wedged")
    func hostCutOff() async throws {
        let a = try await Self.hosts(["up", "a", "1"])
        let b = try await Self.hosts(["up", "b", "2"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-hosts-\(getpid())").path
        let port = 59_500 + Int(getpid() % 400)
        let env = ["HUDRELAY_TEST_PG_LISTEN": "127.0.0.1,\(a),\(b)", "HUDRELAY_TEST_PG_TRUST": "10.77.0.0/16"]
        let base = try DatabaseURL(try await RestartTests.testDB("start", dir: dir, port: port, environment: env))
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-archive-\(UUID())").path
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let hosts = Mutex<[pid_t]>([])
        var failure: (any Error)?
        do {
            try await TestDatabase.withStore(on: base.with(database: "postgres")) { store, url in
                let token = try await store.tokens.createToken(name: "ci", scope: .upload)
                let server = try await ServerProcess.start(
                    url: url, ["--workers", "0"], environment: ["HUDRELAY_REPORTS_DIR": archive])
                defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
                let hostA = try Self.work(ns: "hr-a", host: a, url: url, archive: archive)
                let hostB = try Self.work(ns: "hr-b", host: b, url: url, archive: archive)
                hosts.withLock { $0 += [hostA, hostB] }
                let (reports, cases) = (24, 4_000)
                let upload = { (n: Int) in
                    let r = await server.request(
                        http, .POST, "/api/v1/uploads?repo=a/b&sha=s\(n)&job=j\(n)", body: Self.report(n, cases: cases),
                        headers: [("Authorization", "Bearer \(token)")])
                    #expect(r?.status == 202, "\(r?.body ?? "no answer")")
                }
                for n in 0..<reports { try await upload(n) }
                // Host a in the middle of loading an upload's rows: cut it off there.
                let loading = try await FaultCluster.wait(
                    store,
                    "SELECT count(*)::int8 FROM pg_stat_activity WHERE client_addr = '10.77.1.2' AND query ILIKE 'COPY%'",
                    limit: .seconds(120), every: .milliseconds(5)
                ) { $0 > 0 }
                #expect(loading == 1, "host a loads an upload")
                _ = try await Self.hosts(["cut", "a"])
                let done = try await FaultCluster.wait(
                    store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'", limit: .seconds(180),
                    every: .milliseconds(200)
                ) { $0 == reports }
                #expect(done == reports, "host b finished every upload, the one host a held included")
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE attempts >= 2") >= 1,
                    "the upload host a held was claimed again once its lease ran out")
                let perUpload =
                    "SELECT count(*)::int8 FROM (SELECT u.id FROM uploads u LEFT JOIN results r "
                    + "ON r.upload_id = u.id AND r.recorded_at = u.received_at GROUP BY u.id HAVING count(r.*) <> \(cases)) x"
                #expect(try await TestDatabase.scalar(store, perUpload) == 0, "every upload's rows, once")
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == reports * cases)
                // Host a comes back: what it was doing is gone with its connection; it does not
                // load that upload again, and the hosts go on working.
                _ = try await Self.hosts(["heal", "a"])
                try await upload(reports)
                let after = try await FaultCluster.wait(
                    store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'", limit: .seconds(120),
                    every: .milliseconds(200)
                ) { $0 == reports + 1 }
                #expect(after == reports + 1)
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == (reports + 1) * cases)
                #expect(try await TestDatabase.scalar(store, perUpload) == 0)
                #expect(
                    try await TestDatabase.scalar(
                        store,
                        "SELECT count(*)::int8 FROM analysis_queue WHERE claimed_at IS NOT NULL AND claimed_at < now() - interval '2 minutes'"
                    ) == 0)
                _ = await server.terminate()
            }
        } catch {
            failure = error
        }
        for pid in hosts.withLock({ $0 }) {
            kill(pid, SIGTERM)
            // Graceful shutdown first; SIGKILL once a minute has passed without it.
            _ = try? await offPool {
                let deadline = Date().addingTimeInterval(60)
                var status: Int32 = 0
                while waitpid(pid, &status, WNOHANG) == 0 {
                    if Date() > deadline { kill(pid, SIGKILL) }
                    usleep(50_000)
                }
            }
        }
        try? await http.shutdown()
        _ = try? await RestartTests.testDB("stop", ["immediate"], dir: dir, port: port)
        _ = try? await Self.hosts(["down", "a"])
        _ = try? await Self.hosts(["down", "b"])
        if let failure { throw failure }
    }
}
