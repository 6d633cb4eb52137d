import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO

/// `--database-url`, `--data-dir` and `--config`, shared by every command that needs the
/// database; the settings of such a command are read through them (``Settings``).
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL (postgres://user:pass@host:port/db). Default: $DATABASE_URL, else the embedded cluster.",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        help: ArgumentHelp(
            "Folder of the embedded PostgreSQL cluster, used when no URL is given (default .hudrelay).",
            valueName: "dir"))
    var dataDir: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "A YAML file of settings (or $HUDRELAY_CONFIG); flags and the environment take precedence.",
            valueName: "file"))
    var configFile: String?

    /// The flags given, by settings key.
    var flags: [String: String] {
        var f: [String: String] = [:]
        f["database.url"] = databaseURL
        f["dataDir"] = dataDir
        return f
    }

    /// The flag of each key, for messages.
    static let flagNames = ["database.url": "--database-url", "dataDir": "--data-dir"]

    /// The command's settings: these flags and `extra` (another option group's, by key), over the
    /// environment and the file.
    func settings(
        _ extra: [String: String] = [:], flagNames extraNames: [String: String] = [:]
    ) async throws
        -> Settings
    {
        try await Settings.load(
            flags: flags.merging(extra) { $1 }, flagNames: Self.flagNames.merging(extraNames) { $1 }, file: configFile)
    }

    /// The database to use; starts the embedded cluster when there is no URL and it is not running.
    /// `embedded` is set when this call started the cluster (the caller stops it).
    static func resolve(
        _ settings: Settings, logger: Logger
    ) throws -> (
        url: DatabaseURL, startedEmbedded: EmbeddedPostgres?
    ) {
        if let raw = settings.databaseURL { return (try DatabaseURL(raw), nil) }
        let embedded = EmbeddedPostgres(dataDirectory: settings.dataDir, logger: logger)
        let started = try embedded.start()
        return (embedded.url, started ? embedded : nil)
    }

    /// Runs `body` with a running store, migrated when `migrate` is set; stops an embedded cluster
    /// this call started.
    func withStore<T: Sendable>(
        logger: Logger, migrate: Bool = false, settings given: Settings? = nil,
        _ body: @Sendable (Store) async throws -> T
    ) async throws -> T {
        let settings: Settings
        if let given { settings = given } else { settings = try await self.settings() }
        let (url, started) = try Self.resolve(settings, logger: logger)
        defer { started?.stop() }
        // The pool's own messages (connections opened and closed) are noise for a one-shot command.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: background)
        let store = Store(client: client, logger: logger)
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
