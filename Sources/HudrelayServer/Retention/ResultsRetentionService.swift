import Foundation
import HudrelayStore
import Logging
import ServiceLifecycle

/// Applies results retention (`retention.resultsDays`, docs/scaling.md) in the background of
/// `serve`: every `interval`, drops the day partitions of `results` older than the window. Runs,
/// daily rollups, jobs and uploads stay; reads of what was dropped say it is past retention.
///
/// Safe in several processes at once: the drop runs under the partition lock, and a partition
/// already dropped is not found again.
public struct ResultsRetentionService: Service {
    let store: Store
    let days: Int
    let metrics: ServerMetrics?
    let interval: Duration
    let logger: Logger

    /// A service that keeps `days` days of results, checking every `interval`.
    public init(store: Store, days: Int, metrics: ServerMetrics? = nil, interval: Duration, logger: Logger) {
        self.store = store
        self.days = days
        self.metrics = metrics
        self.interval = interval
        self.logger = logger
    }

    /// Works until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await applyOnce()
            } catch {
                logger.warning("results retention failed; will try again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Drops what is past the window now; returns the partitions dropped.
    @discardableResult
    public func applyOnce(now: Date = Date()) async throws -> [DroppedPartition] {
        let dropped = try await store.retention.dropResults(before: now.addingTimeInterval(-86_400 * Double(days)))
        for p in dropped {
            metrics?.resultPartitionsDropped.increment()
            logger.info(
                "results past retention dropped",
                metadata: ["partition": "\(p.name)", "before": "\(p.ends.formatted(.iso8601))"])
        }
        return dropped
    }
}
