import HudrelayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps the flakiness analysis current: analyzes every job whose uploads completed (its runs,
/// same-commit evidence and daily rollups), one job at a time. One per process; analyses across
/// processes are serialized by the store.
///
/// Each analysis is watched: while it runs, its claim is renewed and its database backend checked.
/// An analysis whose backend is gone (a restart, a dropped connection that our end has not
/// noticed) is abandoned and its job queued again, instead of waiting on that connection for good;
/// so is one still running ``drainLimit`` after graceful shutdown began.
public struct AnalyzerService: Service {
    let store: Store
    let settings: AnalysisSettings
    let wakeup: Wakeup
    let pollInterval: Duration
    let checkInterval: Duration
    let drainLimit: Duration
    let analyzed: Wakeup?
    let logger: Logger

    /// Creates the analyzer; it signals `analyzed` after each job.
    public init(
        store: Store, settings: AnalysisSettings, wakeup: Wakeup, pollInterval: Duration = .seconds(1),
        checkInterval: Duration = .seconds(5), drainLimit: Duration = .seconds(5), analyzed: Wakeup? = nil,
        logger: Logger
    ) {
        self.analyzed = analyzed
        self.store = store
        self.settings = settings
        self.wakeup = wakeup
        self.pollInterval = pollInterval
        self.checkInterval = checkInterval
        self.drainLimit = drainLimit
        self.logger = logger
    }

    /// Analyzes queued jobs until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            let clock = ContinuousClock()
            let start = clock.now
            switch await analyzeNext() {
            case .analyzed(let job):
                worked = true
                analyzed?.signal()
                logger.debug("analyzed job", metadata: ["job": "\(job)", "seconds": "\(clock.now - start)"])
            case .empty: break
            case .failed(let error):
                logger.warning("analysis failed; will retry", metadata: ["error": "\(error)"])
            case .abandoned(let job, let why):
                logger.error(
                    "analysis abandoned; the job is queued again", metadata: ["job": "\(job)", "why": "\(why)"])
                let store = self.store
                try? await StepDeadline.run("queueing an analysis again", limit: checkInterval) {
                    try await store.analysis.queueAnalysis(jobID: job)
                }
            }
            if !worked {
                await cancelWhenGracefulShutdown { await wakeup.wait(timeout: pollInterval) }
            }
        }
    }

    enum Outcome: Sendable {
        case analyzed(Int64)
        case empty
        case failed(any Error)
        case abandoned(Int64, String)
    }

    /// One analysis, in a task of its own that is not waited for once abandoned.
    private func analyzeNext() async -> Outcome {
        let (store, settings) = (store, settings)
        let running = Locked<(job: Int64, backend: DatabaseBackend)?>(nil)
        let first = FirstOutcome<Outcome>()
        let finish: @Sendable (Outcome) -> Void = { first.settle($0) }
        let work = Task {
            do {
                let job = try await store.analysis.analyzeNextJob(settings: settings) { job, backend in
                    running.set((job, backend))
                }
                finish(job.map { .analyzed($0) } ?? .empty)
            } catch {
                finish(.failed(error))
            }
        }
        let watch = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: checkInterval)
                guard let (job, backend) = running.value else { continue }
                let limit = checkInterval
                let alive = try? await StepDeadline.run("checking the analysis backend", limit: limit) {
                    try await store.analysis.renewAnalysisClaim(job: job)
                    return try await store.analysis.backendAlive(backend)
                }
                // `nil`: the database does not answer yet; only its answer says the backend is gone.
                if alive == false { finish(.abandoned(job, "its database connection is gone")) }
            }
        }
        let settled = await first.wait(drain: drainLimit) {
            .abandoned(running.value?.job ?? 0, "shutting down")
        }
        watch.cancel()
        work.cancel()
        let outcome = settled ?? .empty
        if case .abandoned(0, _) = outcome { return .empty }
        return outcome
    }
}
