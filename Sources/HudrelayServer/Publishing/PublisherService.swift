import AsyncHTTPClient
import Foundation
import HudrelayHUD
import HudrelayStore
import Logging
import ServiceLifecycle

/// Delivers the outbox: claims publish tasks in order (``Store/claimPublishTask(owner:lease:)``),
/// makes each delivery, and records the outcome, retrying connection errors, 429 and 5xx with
/// exponential backoff and jitter. Also finishes jobs that have been quiet for the configured
/// period. A delivery cut short by shutdown or a crash is made again when its lease expires; the
/// same keys are written again, so nothing is doubled.
public struct PublisherService: Service {
    let store: Store
    let options: PublishOptions
    let metrics: ServerMetrics
    let publisher: Publisher
    let name: String
    let pollInterval: Duration
    let logger: Logger

    /// Creates the publisher; `http` carries the S3 and relay requests; `archive` holds the raw
    /// reports the rows are built from.
    public init(
        store: Store, archive: ReportArchive, options: PublishOptions, publicURL: String, http: HTTPClient,
        metrics: ServerMetrics,
        name: String, pollInterval: Duration = .milliseconds(500), logger: Logger
    ) {
        self.store = store
        self.options = options
        self.metrics = metrics
        self.name = name
        self.pollInterval = pollInterval
        self.logger = logger
        publisher = Publisher(
            store: store, archive: archive, options: options, callbacks: options.callbacks(publicURL: publicURL),
            relay: options.relayURL.map { RelayClient(url: $0, http: http) }, logger: logger)
    }

    /// Delivers until shutdown.
    public func run() async throws {
        var lastQuietCheck = ContinuousClock.now - options.quietCheckInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            do {
                let checkQuiet = ContinuousClock.now - lastQuietCheck >= options.quietCheckInterval
                if checkQuiet { lastQuietCheck = ContinuousClock.now }
                // Bounded, so a connection that died under a step cannot hold the publisher (or its
                // shutdown) for good; a delivery cut short is made again when its lease expires.
                worked = try await StepDeadline.run("publishing", limit: stepLimit, drain: drainLimit) {
                    try await step(checkQuiet: checkQuiet)
                }
            } catch {
                logger.warning("publishing failed; will retry", metadata: ["error": "\(error)"])
            }
            if !worked {
                await cancelWhenGracefulShutdown { [pollInterval] in try? await Task.sleep(for: pollInterval) }
            }
        }
    }

    /// How long one claim-and-deliver step may take.
    var stepLimit: Duration { .seconds(240) }
    /// How long a delivery under way may finish after graceful shutdown began.
    var drainLimit: Duration { .seconds(5) }

    /// Finishes quiet jobs (when `checkQuiet`), then claims and makes one delivery; `true` when
    /// there was one.
    private func step(checkQuiet: Bool) async throws -> Bool {
        if checkQuiet {
            if let quiet = options.quietPeriod {
                let finished = try await store.outbox.finishQuietJobs(quiet: quiet, publishing: options.settings)
                if !finished.isEmpty {
                    logger.info("quiet jobs finished", metadata: ["jobs": "\(finished.count)"])
                }
            }
            try await store.outbox.settleRequestedJobs(publishing: options.settings)
        }
        guard let task = try await store.outbox.claimPublishTask(owner: name, lease: .seconds(300)) else {
            return false
        }
        do {
            try await handle(task)
        } catch {
            // Recording the outcome failed (the database went away): hand the delivery back to be
            // made again once the database answers, instead of waiting for its lease to expire.
            await handBack(task, after: error)
            throw error
        }
        return true
    }

    /// Hands `task` back to the queue, trying again (1 s, doubling to 10 s) while the database
    /// does not answer: the delivery is this publisher's until its 300 s lease expires, so a
    /// hand-back tried once, while the database was still restarting, left it waiting that long.
    /// Stops trying at graceful shutdown, or when the step's own limit ends it.
    private func handBack(_ task: ClaimedPublishTask, after error: any Error) async {
        let (store, owner) = (store, name)
        var delay = Duration.seconds(1)
        while true {
            do {
                try await StepDeadline.run("handing a delivery back", limit: .seconds(10)) {
                    try await store.outbox.retryPublish(
                        task, owner: owner, status: nil, error: "\(error)", after: .seconds(1))
                }
                return
            } catch {
                logger.warning(
                    "could not hand a delivery back; trying again",
                    metadata: ["task": "\(task.id)", "error": "\(error)", "retry_in": "\(delay)"])
            }
            do {
                try await cancelWhenGracefulShutdown { [delay] in try await Task.sleep(for: delay) }
            } catch {
                return
            }
            delay = min(delay * 2, .seconds(10))
        }
    }

    func handle(_ task: ClaimedPublishTask) async throws {
        let meta: Logger.Metadata = [
            "task": "\(task.id)", "target": "\(task.target.rawValue)", "job": "\(task.jobID)",
            "generation": "\(task.generation)",
        ]
        switch await publisher.deliver(task) {
        case .delivered(let status, let keys):
            try await store.outbox.publishDelivered(task, owner: name, status: status, keys: keys)
            metrics.publishDelivered.increment()
            logger.info("delivered", metadata: meta.merging(["keys": "\(keys.count)"]) { a, _ in a })
        case .retry(let status, let error):
            let delay = backoff(failures: task.failures)
            try await store.outbox.retryPublish(task, owner: name, status: status, error: error, after: delay)
            metrics.publishRetried.increment()
            logger.warning(
                "delivery failed; will retry",
                metadata: meta.merging(["error": "\(error)", "retry_in": "\(delay)"]) { a, _ in a })
        case .paced(let seconds):
            try await store.outbox.deferPublish(task, owner: name, after: .milliseconds(Int64(seconds * 1000)))
            logger.debug(
                "paced under the relay's rate limit", metadata: meta.merging(["retry_in": "\(seconds)s"]) { a, _ in a })
        case .refused(let status, let error, let body):
            try await store.outbox.publishFailed(task, owner: name, status: status, error: error, body: body)
            metrics.publishRefused.increment()
            logger.error(
                "delivery refused",
                metadata: meta.merging(["status": "\(status)", "error": "\(error)", "body": "\(body.prefix(300))"]) {
                    a, _ in a
                })
        }
    }

    /// Exponential backoff with jitter: base × 2^failures, capped, times a random 0.5–1.0.
    func backoff(failures: Int) -> Duration {
        let base =
            Double(options.baseBackoff.components.seconds) + Double(options.baseBackoff.components.attoseconds) / 1e18
        let seconds = Backoff.seconds(
            failures: failures, base: base, cap: Double(options.maxBackoff.components.seconds))
        return .milliseconds(Int64(seconds * 1000))
    }
}
