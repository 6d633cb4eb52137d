import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// `hudrelay serve`: the HTTP API and its workers. Without a database URL it runs its own
/// PostgreSQL in `--data-dir` and stops it on shutdown.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the upload API and its workers (with an embedded PostgreSQL unless --database-url is given).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Option(help: "Workers (0: run `hudrelay work` separately; default 2).") var workers: Int?
    @OptionGroup var lifecycle: WorkerLifecycleOptions
    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "Largest report accepted, in MiB uncompressed (default 512).") var maxReportMib: Int?
    @Option(
        help: "This server's public URL, for links such as relay callbacks' artifact_url (or $HUDRELAY_PUBLIC_URL).")
    var publicURL: String?
    @Option(
        help: ArgumentHelp(
            "A streaming replica (hot standby) of the database to serve the API's and pages' reads from.",
            valueName: "url"))
    var readDatabaseURL: String?

    /// The flags given, by settings key, with this command's option groups'.
    var flags: [String: String] {
        var f = lifecycle.flags.merging(analysis.flags) { $1 }
        f["http.host"] = host
        f["http.port"] = port.map(String.init)
        f["workers"] = workers.map(String.init)
        f["maxReportMib"] = maxReportMib.map(String.init)
        f["publicURL"] = publicURL
        f["database.readURL"] = readDatabaseURL
        return f
    }

    /// The flag of each key, for messages.
    static let flagNames = WorkerLifecycleOptions.flagNames.merging(AnalysisOptions.flagNames) { $1 }.merging([
        "http.host": "--host", "http.port": "--port", "workers": "--workers", "maxReportMib": "--max-report-mib",
        "publicURL": "--public-url", "database.readURL": "--read-database-url",
    ]) { $1 }

    func run() async throws {
        let logger = LogSetup.logger()
        let settings = try await database.settings(flags, flagNames: Self.flagNames)
        let (url, started) = try DatabaseOptions.resolve(settings, logger: logger)
        defer { started?.stop() }
        var options = ServerOptions()
        options.host = settings.host
        options.port = settings.port
        options.workers = settings.workers
        options.maxReportBytes = Int64(settings.maxReportMib) * 1024 * 1024
        options.publicURL = settings.publicURL ?? "http://\(settings.host):\(settings.port)"
        options.publish = settings.publish
        options.analysis = settings.analysis
        options.stages = settings.stages
        options.l2Since = settings.l2Since
        options.reportRetentionDays = settings.reportRetentionDays
        options.resultRetentionDays = settings.resultRetentionDays
        options.worker = WorkerLifecycleOptions.workerOptions(settings)
        if settings.workers > 0 && !lifecycle.inProcessWorkers {
            options.workerProcess = try WorkerLifecycleOptions.workerProcess(
                settings, url: url, configFile: database.configFile)
        }
        let host = settings.host
        if let started { ShutdownDeadline.onForcedExit { started.stop() } }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let replica = try settings.readDatabaseURL.map { raw in
            do {
                return PostgresClient(configuration: try DatabaseURL(raw).configuration, backgroundLogger: logger)
            } catch {
                throw SettingsError("--read-database-url / HUDRELAY_DATABASE_READ_URL: \(error)")
            }
        }
        let store = Store(client: client, readClient: replica, logger: logger)
        // The application runs the client and the migrations as services of its own, before the
        // server listens and the workers claim.
        let app = HudrelayApplication.build(store: store, options: options, logger: logger) { port in
            logger.info("hudrelay is listening", metadata: ["url": "http://\(host):\(port)", "database": "\(url)"])
        }
        try await ServiceGroup(
            configuration: .init(
                services: [
                    app, ShutdownDeadline(limit: WorkerLifecycleOptions.shutdownLimit(settings), logger: logger),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
    }
}
