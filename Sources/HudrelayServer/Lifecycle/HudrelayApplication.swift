import Foundation
import HudrelayAPI
import HudrelayHUD
import HudrelayStore
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Builds the hudrelay server: routes, workers and the database client, as one application whose
/// services start and stop together. `hudrelay serve` and the tests both call it.
public enum HudrelayApplication {
    /// The application for `store`.
    ///
    /// Its services, in the order the group starts them (and stops them in reverse): the store's
    /// `PostgresClient`, the migrations, then the listener, workers, analyzer and publisher, which
    /// wait for the migrations; the HTTP server starts once they are applied. The client stops
    /// last, after the workers have drained.
    ///
    /// - Important: The application runs the store's client: do not run it elsewhere as well
    ///   (`PostgresClient.run()` may be called once).
    /// - Parameters:
    ///   - onRunning: called with the bound port once the server listens (useful with port 0).
    public static func build(
        store: Store, options: ServerOptions, metrics: ServerMetrics = ServerMetrics(), logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let publishing = options.publish.settings
        var workerOptions = options.worker
        workerOptions.publishing = publishing
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        let scorecards = ScorecardReader(
            store: store, stages: options.stages, criteria: options.flaky, l2Since: options.l2Since)
        HealthController(
            store: store, metrics: metrics, document: OpenAPIDocument.json(declaring: options.stages.ids),
            scorecards: scorecards
        ).addRoutes(to: router)
        // Every route below (and not-found) refuses NUL bytes, invalid UTF-8 and repeated parameters.
        router.add(middleware: RequestHygieneMiddleware())
        WebController(store: store, criteria: options.flaky, stages: options.stages, scorecards: scorecards)
            .addRoutes(to: router)
        // The plain API routes are checked against the contract too, but for the upload: its query
        // is the job context, read through JobContext.fields, and its refusals are counted.
        let uploads = router.group("api/v1")
        let api = router.group("api/v1").add(middleware: ContractMiddleware<BasicRequestContext>(rules: .served))
        let finished = Wakeup()
        let analyzed = Wakeup()
        // The contract's JSON operations, generated from openapi.yaml.
        APIHandler(
            store: store, criteria: options.flaky, publishing: publishing, analyzed: analyzed, finished: finished,
            stages: options.stages, l2Since: options.l2Since
        )
        .addRoutes(to: router)
        // Plain routes: the streamed upload and raw download, and the answers whose bytes are the point.
        UploadController(
            store: store, archive: options.worker.archive, metrics: metrics, maxReportBytes: options.maxReportBytes,
            publishing: publishing,
            stages: options.stages
        )
        .addRoutes(uploads: uploads, checked: api)
        ScopesController(store: store, paths: options.worker.parser.paths).addRoutes(to: uploads)
        JobsController(
            store: store, callbacks: options.publish.callbacks(publicURL: options.publicURL), publishing: publishing,
            criteria: options.flaky, publicURL: options.publicURL
        )
        .addRoutes(to: api)
        // Last: it wraps only the not-found responder, turning 404 into 405 for a routed path.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))

        let wakeup = Wakeup()
        let ready = Gate()
        var services: [any Service] = []
        if options.workers > 0 {
            services.append(NotificationListener(client: store.client, wakeup: wakeup, logger: logger))
            let events = LocalWorkerEvents(metrics: metrics, finished: finished)
            if let process = options.workerProcess {
                services.append(
                    WorkerSupervisor(store: store, options: process, events: events, metrics: metrics, logger: logger))
            } else {
                let host = ProcessInfo.processInfo.hostName
                let pid = ProcessInfo.processInfo.processIdentifier
                for i in 0..<options.workers {
                    services.append(
                        WorkerService(
                            store: store, events: events, wakeup: wakeup, name: "\(host):\(pid):\(i)",
                            options: workerOptions, logger: logger))
                }
            }
            services.append(
                AnalyzerService(
                    store: store, settings: options.analysis, wakeup: wakeup, analyzed: analyzed, logger: logger))
        }
        if options.publish.sink != nil || options.publish.sendsRelay || options.publish.quietPeriod != nil {
            let host = ProcessInfo.processInfo.hostName
            let pid = ProcessInfo.processInfo.processIdentifier
            services.append(
                PublisherService(
                    store: store, archive: options.worker.archive, options: options.publish,
                    publicURL: options.publicURL, http: PublishHTTP.client,
                    metrics: metrics, name: "\(host):\(pid):publisher", logger: logger))
        }
        services.append(
            ReportMaintenanceService(
                store: store, archive: options.worker.archive, retentionDays: options.reportRetentionDays,
                metrics: metrics, interval: options.maintenanceInterval, logger: logger))
        if let days = options.resultRetentionDays {
            services.append(
                ResultsRetentionService(
                    store: store, days: days, metrics: metrics, interval: options.maintenanceInterval, logger: logger))
        }
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "hudrelay"),
            services: [store.client] + (store.readClient.map { [$0] } ?? [])
                + [MigrationService(store: store, ready: ready, logger: logger)]
                + services.map { GatedService($0, after: ready) },
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
        app.beforeServerStarts {
            do {
                try await cancelWhenGracefulShutdown { try await ready.wait() }
            } catch is CancellationError {
                // The group was cancelled (a migration failed): do not listen. Graceful shutdown
                // came before the migrations were applied: the server stops as soon as it starts.
                if Task.isCancelled { throw CancellationError() }
            }
        }
        return app
    }

    /// Runs `body` with the store's client running, then stops the client: for the one-shot
    /// commands (`migrate`, `analyze`, `flaky`, …); long-lived processes run the client as a
    /// service of their group.
    public static func withRunningClient<T: Sendable>(
        _ client: PostgresClient, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Wait until the run task has started, so the first query does not find the pool
            // idle (PostgresNIO warns then). `run()` marks itself running before it first suspends.
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            group.addTask {
                signal.finish()
                await client.run()
            }
            defer { group.cancelAll() }
            for await _ in started {}
            await Task.yield()
            return try await body()
        }
    }
}
