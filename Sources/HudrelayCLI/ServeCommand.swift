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
    @Option(help: "Workers (0: run `hudrelay work` separately).") var workers = 2
    @OptionGroup var lifecycle: WorkerLifecycleOptions
    @Option(help: "Largest report accepted, in MiB uncompressed.") var maxReportMib = 512
    @Option(
        help: "This server's public URL, for links such as relay callbacks' artifact_url (or $HUDRELAY_PUBLIC_URL).")
    var publicURL: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard maxReportMib > 0 else { throw ValidationError("--max-report-mib must be positive") }
        try lifecycle.check()
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
        options.worker = lifecycle.workerOptions
        if workers > 0 && !lifecycle.inProcessWorkers {
            options.workerProcess = try lifecycle.workerProcess(database: database, url: url, workers: workers)
        }
        if let started { ShutdownDeadline.onForcedExit { started.stop() } }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let store = Store(client: client, logger: logger)
        // The application runs the client and the migrations as services of its own, before the
        // server listens and the workers claim.
        let app = HudrelayApplication.build(store: store, options: options, logger: logger) { [host] port in
            logger.info("hudrelay is listening", metadata: ["url": "http://\(host):\(port)", "database": "\(url)"])
        }
        try await ServiceGroup(
            configuration: .init(
                services: [app, ShutdownDeadline(limit: lifecycle.shutdownLimit, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
    }
}
