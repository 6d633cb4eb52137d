import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO
import Testing

/// A fresh database per test on the PostgreSQL that `scripts/test-db` runs.
///
/// The base URL comes from `HUDRELAY_TEST_DATABASE_URL`; without it the helper starts the test
/// cluster itself (`scripts/test-db start`). A test that needs the database never skips.
enum TestDatabase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let baseURL: DatabaseURL = {
        if let raw = ProcessInfo.processInfo.environment["HUDRELAY_TEST_DATABASE_URL"], let url = try? DatabaseURL(raw)
        {
            return url
        }
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-test-db-\(getpid()).out")
            .path
        do {
            let status = try Subprocess.run(
                repoRoot.appendingPathComponent("scripts/test-db").path, ["start"], outputFile: outFile)
            guard status == 0 else { fatalError("scripts/test-db start failed (exit \(status))") }
            let out = try String(contentsOfFile: outFile, encoding: .utf8)
            return try DatabaseURL(out.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            fatalError("the tests need PostgreSQL: scripts/test-db start failed: \(error)")
        }
    }()

    static var logger: Logger {
        var l = Logger(label: "test")
        l.logLevel =
            ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return l
    }

    /// The database of the innermost ``withStore(migrate:on:_:)`` around the calling task: the
    /// database a ``TestServer`` started in it serves, with a client of its own.
    @TaskLocal static var current: DatabaseURL?

    /// Runs `body` with a migrated store on a new database, dropped afterwards.
    static func withStore<T: Sendable>(
        migrate: Bool = true, on base: DatabaseURL = baseURL, _ body: @Sendable (Store, DatabaseURL) async throws -> T
    ) async throws -> T {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await admin(base) { conn in
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let url = base.with(database: String(name))
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let store = Store(client: client, logger: logger)
        let result: Result<T, any Error>
        do {
            // The client runs before the first query (PostgresNIO warns otherwise), and stops after.
            let value = try await HudrelayApplication.withRunningClient(client) {
                if migrate { try await store.migrator.migrate() }
                return try await $current.withValue(url) { try await body(store, url) }
            }
            result = .success(value)
        } catch {
            result = .failure(error)
        }
        try? await admin(base) { conn in
            try await conn.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
        return try result.get()
    }

    /// Runs `body` on a connection to the cluster's `postgres` database.
    static func admin(_ base: DatabaseURL = baseURL, _ body: (PostgresConnection) async throws -> Void) async throws {
        try await withConnection(base.with(database: "postgres"), body)
    }

    /// Runs `body` on a connection of its own to `url`, outside any pool.
    static func withConnection(_ url: DatabaseURL, _ body: (PostgresConnection) async throws -> Void) async throws {
        let config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        let conn = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
        do {
            try await body(conn)
        } catch {
            try? await conn.close()
            throw error
        }
        try await conn.close()
    }

    /// The first column of the first row of `sql`, as an Int.
    ///
    /// Gives up with ``TimedOut`` after 60 s, so that a wedged connection fails the test instead
    /// of hanging the run.
    static func scalar(_ store: Store, _ sql: String) async throws -> Int {
        try await within(.seconds(60), "the query \(sql)") {
            let rows = try await store.client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            for try await v in rows.decode(Int.self) { return v }
            return 0
        }
    }
}
