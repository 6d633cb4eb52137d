import HudrelayStore
import Logging
import ServiceLifecycle

/// Keeps the flakiness analysis current: analyzes every job whose uploads completed (its runs,
/// same-commit evidence and daily rollups), one job at a time. One per process; analyses across
/// processes are serialized by the store.
public struct AnalyzerService: Service {
    let store: Store
    let settings: AnalysisSettings
    let wakeup: Wakeup
    let pollInterval: Duration
    let logger: Logger

    /// Creates the analyzer.
    public init(
        store: Store, settings: AnalysisSettings, wakeup: Wakeup, pollInterval: Duration = .seconds(1),
        logger: Logger
    ) {
        self.store = store
        self.settings = settings
        self.wakeup = wakeup
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Analyzes queued jobs until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            do {
                let clock = ContinuousClock()
                let start = clock.now
                if let job = try await store.analyzeNextJob(settings: settings) {
                    worked = true
                    logger.debug("analyzed job", metadata: ["job": "\(job)", "seconds": "\(clock.now - start)"])
                }
            } catch {
                logger.warning("analysis failed; will retry", metadata: ["error": "\(error)"])
            }
            if !worked {
                await cancelWhenGracefulShutdown { await wakeup.wait(timeout: pollInterval) }
            }
        }
    }
}
