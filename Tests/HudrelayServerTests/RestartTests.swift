import Foundation
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

/// PostgreSQL going away under load, on a private cluster so other tests are not disturbed.
@Suite("Database restarts", .serialized, .timeLimit(.minutes(10)))
struct RestartTests {
    /// Runs `scripts/test-db` for a private cluster.
    static func testDB(
        _ command: String, _ args: [String] = [], dir: String, port: Int, environment extra: [String: String] = [:]
    ) async throws -> String {
        var env = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        env["HUDRELAY_TEST_PG_DIR"] = dir
        env["HUDRELAY_TEST_PG_PORT"] = String(port)
        // Foundation's Process never returns when the script leaves a server running: spawn directly.
        let outFile = dir + ".out"
        let script = TestDatabase.repoRoot.appendingPathComponent("scripts/test-db").path
        let environment = env
        let status = try await offPool {
            try Subprocess.run(script, [command] + args, outputFile: outFile, environment: environment)
        }
        #expect(status == 0, "scripts/test-db \(command) failed")
        return ((try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// The server runs without workers while the database restarts: PostgresNIO 1.33.2 stops the
    /// process with a precondition failure when a connection drops in the middle of a `COPY`
    /// (ConnectionStateMachine.swift:822, "Copy mode is only supported for extended queries"), so
    /// a restart during a load crashes that process (its lease then lets another worker redo the
    /// upload). The uploads are then processed after the restart.
    static let reports = 120

    @Test(
        "PostgreSQL restarted during a stream of uploads: the client's retries lose nothing",
        .timeLimit(.minutes(3)))
    func restartDuringUploads() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-restart-\(getpid())").path
        let port = 56_000 + Int(getpid() % 1000)
        let base = try DatabaseURL(try await Self.testDB("start", dir: dir, port: port))
        let url = base.with(database: "postgres")
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger)
        let store = Store(client: client, logger: TestDatabase.logger)
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-restart-files-\(getpid())")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        for i in 0..<Self.reports {
            try Data(WorkerTests.report(seed: 100 + i, cases: 200)).write(to: files.appendingPathComponent("r\(i).xml"))
        }
        defer {
            let script = TestDatabase.repoRoot.appendingPathComponent("scripts/test-db").path
            var env = ProcessInfo.processInfo.environment
            env["HUDRELAY_TEST_PG_DIR"] = dir
            env["HUDRELAY_TEST_PG_PORT"] = String(port)
            _ = try? Subprocess.run(script, ["stop"], environment: env)
        }
        try await HudrelayApplication.withRunningClient(client) {
            try await store.migrator.migrate()
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            try await TestServer.with(store: store, url: url, workers: 0) { server in
                let upload = Process()
                upload.executableURL = CLIBinary.url
                upload.arguments = [
                    "upload", "--server", server.base, "--token", token, "--repo", "a/b", "--sha", "restart",
                    "--retries", "20", files.path,
                ]
                let idsFile = files.path + ".ids"
                FileManager.default.createFile(atPath: idsFile, contents: nil)
                upload.standardOutput = FileHandle(forWritingAtPath: idsFile)
                let errFile = files.path + ".err"
                FileManager.default.createFile(atPath: errFile, contents: nil)
                upload.standardError = FileHandle(forWritingAtPath: errFile)
                try upload.run()
                // Restart the database once the client is a few uploads in.
                var before = 0
                while before < 5 && upload.isRunning {
                    try await Task.sleep(for: .milliseconds(10))
                    before =
                        ((try? String(contentsOfFile: idsFile, encoding: .utf8)) ?? "").split(separator: "\n").count
                }
                _ = try await Self.testDB("restart", dir: dir, port: port)
                #expect(before < Self.reports, "the restart came after the last upload")
                await upload.exited()
                let ids = ((try? String(contentsOfFile: idsFile, encoding: .utf8)) ?? "").split(separator: "\n")
                #expect(
                    upload.terminationStatus == 0,
                    "hudrelay upload: \((try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")")
                #expect(Set(ids).count == Self.reports)
                // While the database was away, answers were 503 (retried), never 500.
                let clientLog = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
                #expect(!clientLog.contains("HTTP 500"), "\(clientLog)")
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads") == Self.reports)
                // Sent 4 at a time, the ids are printed in the order of the files (sorted by name).
                var names: [String: String] = [:]
                let rows = try await store.client.query("SELECT id::text, filename FROM uploads", logger: store.logger)
                for try await (id, name) in rows.decode((String, String).self) { names[id] = name }
                let expected = (0..<Self.reports).map { "r\($0).xml" }.sorted()
                #expect(ids.map { names[String($0)].map { ($0 as NSString).lastPathComponent } } == expected)
                let worker = WorkerService(
                    store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "after-restart",
                    options: WorkerOptions(), logger: TestDatabase.logger)
                while try await worker.processNext() {}
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads WHERE state = 'done'")
                        == Self.reports)
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == Self.reports * 200)
            }
        }
    }
}
