import AsyncHTTPClient
import Foundation
import HudrelayJUnit
import HudrelayStore
import PostgresNIO

/// A PostgreSQL cluster of the fault tests' own (`scripts/test-db` with another folder and port),
/// which they restart, stop and start without disturbing the other tests' cluster.
struct FaultCluster: Sendable {
    let dir: String
    let port: Int
    let base: DatabaseURL

    /// Starts (or finds running) the cluster `name` of this test process; each suite that stops
    /// or restarts its cluster has one of its own (suites run side by side), on `basePort` plus
    /// the last three digits of the pid.
    static func start(_ name: String, basePort: Int) async throws -> FaultCluster {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-\(name)-\(getpid())").path
        let port = basePort + Int(getpid() % 1000)
        let url = try await RestartTests.testDB("start", dir: dir, port: port)
        return FaultCluster(dir: dir, port: port, base: try DatabaseURL(url).with(database: "postgres"))
    }

    /// `scripts/test-db restart MODE`: returns once the database answers again.
    func restart(_ mode: String) async throws {
        _ = try await RestartTests.testDB("restart", [mode], dir: dir, port: port)
    }

    /// `scripts/test-db stop MODE`.
    func stop(_ mode: String) async throws {
        _ = try await RestartTests.testDB("stop", [mode], dir: dir, port: port)
    }

    /// Starts the stopped cluster again.
    func startAgain() async throws {
        _ = try await RestartTests.testDB("start", dir: dir, port: port)
    }

    /// The first column of `sql`'s first row, or `nil` while the database does not answer.
    static func scalar(_ store: Store, _ sql: String) async -> Int? {
        try? await TestDatabase.scalar(store, sql)
    }

    /// Waits until `sql` gives a value that `done` accepts, or `limit` passes; returns the last value.
    @discardableResult
    static func wait(
        _ store: Store, _ sql: String, limit: Duration, every: Duration = .milliseconds(20),
        until done: (Int) -> Bool
    ) async throws -> Int? {
        let deadline = ContinuousClock.now + limit
        var last: Int?
        while ContinuousClock.now < deadline {
            last = await scalar(store, sql)
            if let last, done(last) { return last }
            try await Task.sleep(for: every)
        }
        return last
    }

    /// Waits until a `COPY` into `table` (`results` or `tests`; any table when `nil`) is under way;
    /// `true` once one is.
    static func copying(_ store: Store, into table: String? = nil) async throws -> Bool {
        let which = table.map { " WHERE relid = '\($0)'::regclass" } ?? ""
        let sql = "SELECT count(*)::int8 FROM pg_stat_progress_copy" + which
        return try await wait(store, sql, limit: .seconds(120), every: .milliseconds(5)) { $0 > 0 } == 1
    }

    /// How many `results` rows `report` gives: one per test record the parser yields.
    static func rows(_ report: [UInt8]) throws -> Int {
        var n = 0
        _ = try JUnitParser(options: ParserOptions()).parse(bytes: report) { event in
            if case .test = event { n += 1 }
        }
        return n
    }

    /// Posts `report` as an upload of job `job` until the server accepts it (it retries 503s and
    /// refused connections as a CI client does); returns the upload id.
    static func upload(
        _ server: ServerProcess, _ http: HTTPClient, token: String, job: String, _ report: [UInt8]
    ) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let r = await server.request(
                http, .POST, "/api/v1/uploads?repo=a/b&sha=\(job)&job=\(job)", body: report,
                headers: [("Authorization", "Bearer \(token)")])
            {
                if r.status == 202 || r.status == 200 {
                    return (TestServer.json(r.body)["id"] as? String) ?? ""
                }
                if r.status != 503 { throw ServerProcessError("upload answered \(r.status): \(r.body)") }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerProcessError("the upload was never accepted")
    }
}
