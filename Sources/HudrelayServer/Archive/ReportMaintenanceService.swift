import Foundation
import HudrelayStore
import Logging
import ServiceLifecycle

/// Keeps the report archive in order, in the background of `serve`: moves reports still held in
/// the database (from before migration 0010) into the archive, and applies raw-report
/// retention (`retention.reportsDays`). `hudrelay migrate` runs the move to the end itself.
///
/// Safe to run in several processes at once: a report moved twice lands on the same
/// content-addressed object, and a row is updated only while it still holds its copy.
public struct ReportMaintenanceService: Service {
    let store: Store
    let archive: ReportArchive
    let retentionDays: Int?
    let metrics: ServerMetrics?
    let interval: Duration
    let logger: Logger

    /// A service that works every `interval`; `retentionDays` `nil` keeps raw reports forever.
    public init(
        store: Store, archive: ReportArchive, retentionDays: Int?, metrics: ServerMetrics? = nil,
        interval: Duration = .seconds(60), logger: Logger
    ) {
        self.store = store
        self.archive = archive
        self.retentionDays = retentionDays
        self.metrics = metrics
        self.interval = interval
        self.logger = logger
    }

    /// Works until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let moved = try await moveAll()
                if moved > 0 { logger.info("reports moved into the archive", metadata: ["reports": "\(moved)"]) }
                if let days = retentionDays {
                    let expired = try await expire(before: Date().addingTimeInterval(-86_400 * Double(days)))
                    if expired > 0 {
                        logger.info("raw reports past retention removed", metadata: ["reports": "\(expired)"])
                    }
                }
            } catch {
                logger.warning("report maintenance failed; will try again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Moves every report the database still holds into the archive, a few at a time; returns
    /// how many were moved.
    ///
    /// - Important: Each report is written and verified in the archive before its row's copy is
    ///   cleared, so stopping at any point loses nothing.
    @discardableResult
    public func moveAll(batch: Int = 8) async throws -> Int {
        var moved = 0
        while !Task.isCancelled {
            let reports = try await store.queue.inlineReports(limit: batch)
            if reports.isEmpty { break }
            for report in reports {
                let archived = try await archive.store(gzip: report.gzip, sha256: report.sha256)
                if try await store.queue.markArchived(
                    id: report.id, key: archived.key, storedBytes: archived.storedBytes)
                {
                    moved += 1
                    metrics?.reportsMoved.increment()
                }
            }
        }
        return moved
    }

    /// Removes the raw reports of finished uploads received before `cutoff` (their results and
    /// jobs stay; downloads answer 410); returns how many distinct reports were removed. An object
    /// is deleted only when no upload refers to it any more.
    @discardableResult
    public func expire(before cutoff: Date, batch: Int = 500) async throws -> Int {
        var expired = 0
        while !Task.isCancelled {
            let keys = try await store.queue.expireReports(before: cutoff, limit: batch)
            if keys.isEmpty { break }
            for key in keys {
                let archive = self.archive
                try await store.queue.withReportLock(key: key) { referenced in
                    if !referenced { try await archive.delete(key: key) }
                }
                expired += 1
                metrics?.reportsExpired.increment()
            }
        }
        return expired
    }
}
