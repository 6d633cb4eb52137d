import ArgumentParser
import Foundation
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// `hudrelay work`: workers without the HTTP API, for scaling out processing. Like `serve`, it runs
/// them in a worker process that it supervises, next to the analyzer.
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work", abstract: "Process queued uploads (workers without the HTTP API).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Workers in this process (default 2).") var workers: Int?
    @OptionGroup var lifecycle: WorkerLifecycleOptions
    @OptionGroup var analysis: AnalysisOptions

    @Flag(help: .hidden) var child = false

    /// The flag of each settings key, for messages.
    static let flagNames = WorkerLifecycleOptions.flagNames.merging(AnalysisOptions.flagNames) { $1 }.merging([
        "workers": "--workers"
    ]) { $1 }

    func run() async throws {
        let logger = LogSetup.logger()
        var flags = lifecycle.flags.merging(analysis.flags) { $1 }
        flags["workers"] = workers.map(String.init)
        let settings = try await database.settings(flags, flagNames: Self.flagNames)
        guard settings.workers >= 1 else {
            throw SettingsError("--workers / HUDRELAY_WORKERS must be 1 or more for `hudrelay work`")
        }
        let workers = settings.workers
        let (url, started) = try DatabaseOptions.resolve(settings, logger: logger)
        defer { started?.stop() }
        if let started { ShutdownDeadline.onForcedExit { started.stop() } }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let store = Store(client: client, logger: logger)
        var workerOptions = WorkerLifecycleOptions.workerOptions(settings)
        workerOptions.publishing = settings.publish.settings
        let wakeup = Wakeup()
        let metrics = ServerMetrics()
        let restart = RestartRequest()
        var services: [any Service] = [NotificationListener(client: client, wakeup: wakeup, logger: logger)]
        if child || lifecycle.inProcessWorkers {
            // In a worker process of `serve` or `work`: events to the supervisor, and a restart when
            // an attempt stalled on a dead connection (which this process cannot get back).
            if child { Self.exitWithParent() }
            let events: any WorkerEvents = child ? PipeWorkerEvents(fd: 3) : LocalWorkerEvents(metrics: metrics)
            let requestRestart: @Sendable () -> Void = { restart.request() }
            let onStall = child ? requestRestart : nil
            let host = ProcessInfo.processInfo.hostName
            let pid = ProcessInfo.processInfo.processIdentifier
            for i in 0..<workers {
                services.append(
                    WorkerService(
                        store: store, events: events, wakeup: wakeup, name: "\(host):\(pid):\(i)",
                        options: workerOptions, onStall: onStall, logger: logger))
            }
        } else {
            services.append(
                WorkerSupervisor(
                    store: store,
                    options: try WorkerLifecycleOptions.workerProcess(
                        settings, url: url, configFile: database.configFile),
                    events: LocalWorkerEvents(metrics: metrics), metrics: metrics, logger: logger))
        }
        if !child {
            services.append(
                AnalyzerService(store: store, settings: settings.analysis, wakeup: wakeup, logger: logger))
        }
        // The client first (it stops last, once the workers have drained), then the migrations
        // (a worker process's supervisor has applied them), then what waits for them.
        let ready = Gate(open: child)
        var all: [any Service] = [client]
        if !child { all.append(MigrationService(store: store, ready: ready, logger: logger)) }
        all += services.map { GatedService($0, after: ready) }
        all.append(ShutdownDeadline(limit: WorkerLifecycleOptions.shutdownLimit(settings), logger: logger))
        let group = ServiceGroup(
            configuration: .init(services: all, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        restart.group = group
        try await group.run()
        if restart.requested { throw ExitCode(WorkerSupervisor.restartStatus) }
    }

    /// Ends this process when its parent (the supervisor) is gone, whatever killed it.
    static func exitWithParent() {
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { usleep(200_000) }
            _exit(0)
        }
    }
}
