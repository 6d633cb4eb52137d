import Foundation
import PostgresNIO

extension Store {
    /// How current the analysis is: what the flaky figures include, and what they do not yet.
    /// Read in the caller's snapshot when there is one (``withSnapshot(_:)``).
    public func analysisFreshness() async throws -> AnalysisFreshness {
        // Waiting: uploads not yet loaded (queued, processing, held back for a retry), and loaded
        // uploads the analyzer has not reached (listed in the queue, or all of a job queued whole).
        let rows = try await read(
            """
            WITH waiting AS (
                SELECT u.received_at FROM uploads u WHERE u.state IN ('queued', 'processing')
                UNION ALL
                SELECT u.received_at FROM analysis_queue q JOIN uploads u ON u.id = ANY(q.uploads)
                WHERE q.uploads IS NOT NULL AND u.state = 'done'
                UNION ALL
                SELECT u.received_at FROM analysis_queue q JOIN uploads u ON u.job_id = q.job_id
                WHERE q.uploads IS NULL AND u.state = 'done')
            SELECT now(), coalesce(min(received_at), now()), count(*)::int8,
                   (SELECT count(*)::int8 FROM analysis_queue),
                   coalesce(extract(epoch FROM now() - (SELECT min(queued_at) FROM analysis_queue)), 0)::float8
            FROM waiting
            """, logger: logger)
        for try await (at, through, uploads, jobs, age) in rows.decode((Date, Date, Int64, Int64, Double).self) {
            return AnalysisFreshness(
                readAt: at, analyzedThrough: through, pendingUploads: Int(uploads), queuedJobs: Int(jobs),
                oldestQueuedSeconds: age)
        }
        throw StoreError(.internal, "the analysis freshness query returned no row")
    }
}

/// How current the flakiness figures are.
public struct AnalysisFreshness: Sendable, Hashable {
    /// The database's clock when this was read.
    public var readAt: Date
    /// Every report received before this instant is in the figures (the snapshot's time when
    /// nothing waits).
    public var analyzedThrough: Date
    /// Reports received but not in the figures yet: not loaded, or loaded and not analyzed.
    public var pendingUploads: Int
    /// Jobs in the analysis queue.
    public var queuedJobs: Int
    /// How long the oldest of those jobs has waited, in seconds (0 when none waits).
    public var oldestQueuedSeconds: Double

    /// Creates a reading.
    public init(
        readAt: Date, analyzedThrough: Date, pendingUploads: Int, queuedJobs: Int, oldestQueuedSeconds: Double
    ) {
        self.readAt = readAt
        self.analyzedThrough = analyzedThrough
        self.pendingUploads = pendingUploads
        self.queuedJobs = queuedJobs
        self.oldestQueuedSeconds = oldestQueuedSeconds
    }
}
