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

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Workers inside the server (0: run `hudrelay work` separately).") var workers = 2
    @Option(help: "Largest report accepted, in MiB uncompressed.") var maxReportMib = 512
    @Option(
        help: "This server's public URL, for links such as relay callbacks' artifact_url (or $HUDRELAY_PUBLIC_URL).")
    var publicURL: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard maxReportMib > 0 else { throw ValidationError("--max-report-mib must be positive") }
    }

    func run() async throws {
        let logger = LogSetup.logger()
        let (url, started) = try database.resolve(logger: logger)
        defer { started?.stop() }
        var options = ServerOptions()
        options.host = host
        options.port = port
        options.workers = workers
        options.maxReportBytes = Int64(maxReportMib) * 1024 * 1024
        let env = ProcessInfo.processInfo.environment
        options.publicURL = publicURL ?? env["HUDRELAY_PUBLIC_URL"] ?? "http://\(host):\(port)"
        do { options.publish = try PublishConfig.options(from: env) } catch { throw ValidationError("\(error)") }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let store = Store(client: client, logger: logger)
        let opts = options
        try await HudrelayApplication.withRunningClient(client) {
            let applied = try await store.migrator.migrate()
            if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied)"]) }
            let app = HudrelayApplication.build(store: store, options: opts, logger: logger) { port in
                logger.info(
                    "hudrelay is listening", metadata: ["url": "http://\(opts.host):\(port)", "database": "\(url)"])
            }
            try await app.runService()
        }
    }
}

/// `hudrelay work`: workers only, for scaling out processing.
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work", abstract: "Process queued uploads (workers without the HTTP API).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Workers in this process.") var workers = 2
    @Option(help: "Seconds a claim is held without renewal before another worker may take it.") var leaseSeconds = 30

    func run() async throws {
        let logger = LogSetup.logger()
        let (url, started) = try database.resolve(logger: logger)
        defer { started?.stop() }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let publish: PublishOptions
        do { publish = try PublishConfig.options(from: ProcessInfo.processInfo.environment) } catch {
            throw ValidationError("\(error)")
        }
        let store = Store(client: client, logger: logger, publishing: publish.settings)
        var options = WorkerOptions()
        options.lease = .seconds(leaseSeconds)
        let wakeup = Wakeup()
        let metrics = ServerMetrics()
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let workerServices: [any Service] =
            (0..<max(1, workers)).map { i in
                WorkerService(
                    store: store, metrics: metrics, wakeup: wakeup, name: "\(host):\(pid):w\(i)", options: options,
                    logger: logger)
            } + [AnalyzerService(store: store, settings: AnalysisSettings(), wakeup: wakeup, logger: logger)]
        try await HudrelayApplication.withRunningClient(client) {
            try await store.migrator.migrate()
            let group = ServiceGroup(
                configuration: .init(
                    services: [NotificationListener(client: client, wakeup: wakeup, logger: logger)] + workerServices,
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}
