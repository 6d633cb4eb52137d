import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO

/// `--database-url` and `--data-dir`, shared by every command that needs the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL (postgres://user:pass@host:port/db). Default: $DATABASE_URL, else the embedded cluster.",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        help: ArgumentHelp("Folder of the embedded PostgreSQL cluster, used when no URL is given.", valueName: "dir"))
    var dataDir: String = ".hudrelay"

    /// The database to use; starts the embedded cluster when there is no URL and it is not running.
    /// `embedded` is set when this call started the cluster (the caller stops it).
    func resolve(logger: Logger) throws -> (url: DatabaseURL, startedEmbedded: EmbeddedPostgres?) {
        if let raw = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !raw.isEmpty {
            return (try DatabaseURL(raw), nil)
        }
        let embedded = EmbeddedPostgres(dataDirectory: dataDir, logger: logger)
        let started = try embedded.start()
        return (embedded.url, started ? embedded : nil)
    }

    /// The URL as given (with its password), or the embedded cluster's, for a worker process.
    func rawURL(resolved: DatabaseURL) -> String {
        if let raw = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !raw.isEmpty { return raw }
        return resolved.description
    }

    /// Runs `body` with a running store, migrated when `migrate` is set; stops an embedded cluster
    /// this call started.
    func withStore<T: Sendable>(
        logger: Logger, migrate: Bool = false, _ body: @Sendable (Store) async throws -> T
    ) async throws -> T {
        let (url, started) = try resolve(logger: logger)
        defer { started?.stop() }
        // The pool's own messages (connections opened and closed) are noise for a one-shot command.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: background)
        let publishing = (try? PublishConfig.options(from: ProcessInfo.processInfo.environment))?.settings
        let store = Store(client: client, logger: logger, publishing: publishing ?? PublishSettings())
        return try await HudrelayApplication.withRunningClient(client) {
            if migrate { try await store.migrator.migrate() }
            return try await body(store)
        }
    }
}

/// The process-wide log setup: structured lines on stderr.
enum LogSetup {
    static func logger(_ label: String = "hudrelay") -> Logger {
        var logger = Logger(label: label)
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .info
        return logger
    }
}
