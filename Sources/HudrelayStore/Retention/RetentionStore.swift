import Foundation
import PostgresNIO

/// Results retention (docs/scaling.md): `results` is kept in day partitions, and retention drops
/// whole partitions; `retention_marks` records how far back results are gone, so that reads can
/// say so instead of showing a silent gap. Runs, daily rollups, jobs and uploads stay.
public struct RetentionStore: StorePart {
    let store: Store

    /// Drops every partition of `results` that holds nothing received at or after `cutoff`;
    /// returns the partitions dropped, oldest first.
    ///
    /// - Important: Dropping a partition briefly locks `results`; the statement gives up after
    ///   `lockTimeout` rather than hold up ingest behind a long read (nothing is dropped then, and
    ///   the next call tries again).
    public func dropResults(
        before cutoff: Date, lockTimeout: Duration = .seconds(10)
    ) async throws
        -> [DroppedPartition]
    {
        try await client.withTransaction(logger: logger) { conn in
            let ms = Int(lockTimeout.components.seconds * 1000)
            try await conn.perform(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(ms)"), logger: logger)
            let rows = try await conn.query(
                "SELECT name, ends FROM hudrelay_drop_results_before(\(cutoff))", logger: logger)
            var dropped: [DroppedPartition] = []
            for try await (name, ends) in rows.decode((String, Date).self) {
                dropped.append(DroppedPartition(name: name, ends: ends))
            }
            return dropped
        }
    }

    /// The time before which every result is gone by retention, or `nil` when none was dropped.
    public func resultsGoneBefore() async throws -> Date? {
        let rows = try await client.query(
            "SELECT before FROM retention_marks WHERE what = 'results'", logger: logger)
        for try await before in rows.decode(Date.self) { return before }
        return nil
    }

    /// When the results of job `jobID` were dropped by retention (the end of what was dropped),
    /// or `nil` while they are kept: a job is past retention when one of its uploads was received
    /// before the mark.
    public func jobResultsGone(jobID: Int64) async throws -> Date? {
        let rows = try await client.query(Self.jobResultsGoneQuery(jobID), logger: logger)
        for try await before in rows.decode(Date.self) { return before }
        return nil
    }

    /// The rule of ``jobResultsGone(jobID:)``, for a caller on a connection of its own (the
    /// analysis, in its transaction): one row, the mark, when the job is past retention.
    static func jobResultsGoneQuery(_ jobID: Int64) -> PostgresQuery {
        """
        SELECT m.before FROM retention_marks m
        WHERE m.what = 'results'
          AND EXISTS (SELECT 1 FROM uploads u WHERE u.job_id = \(jobID) AND u.received_at < m.before)
        """
    }
}
