import Foundation
import PostgresNIO

extension ReadStore {
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
