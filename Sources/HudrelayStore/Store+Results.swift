import Foundation
import HudrelayJUnit
import NIOCore
import PostgresNIO

extension Store {
    /// Loads an upload's rows and marks it done, all in one transaction: COPY into the staging
    /// table, upsert the tests, insert the results, mark the upload done.
    ///
    /// - Important: Throws ``StoreError/Code/leaseLost`` (and rolls everything back) when `owner`
    ///   no longer holds the upload, so a report is turned into rows exactly once even when a
    ///   worker that was presumed dead comes back.
    public func completeUpload(
        _ claim: ClaimedUpload, owner: String, rows: [ByteBuffer], counts: ReportCounts
    )
        async throws
    {
        let id = claim.id
        let countsJSON = CountsJSON.encode(counts)
        let clock = ContinuousClock()
        var mark = clock.now
        func step(_ name: String) {
            logger.debug(
                "load step", metadata: ["upload": "\(id)", "step": "\(name)", "seconds": "\(clock.now - mark)"])
            mark = clock.now
        }
        try await client.withTransaction(logger: logger) { conn in
            try await conn.query("SELECT hudrelay_ensure_results_partition(\(claim.receivedAt))", logger: logger)
            if !rows.isEmpty {
                try await conn.copyFrom(table: "results_staging", columns: CopyRows.columns, logger: logger) { writer in
                    for chunk in rows { try await writer.write(chunk) }
                }
                step("copy")
                try await conn.query(
                    """
                    INSERT INTO tests (repo, file, classname, name)
                    SELECT DISTINCT \(claim.repo), file, classname, name FROM results_staging
                    WHERE upload_id = \(id)
                    ORDER BY file, classname, name
                    ON CONFLICT (repo, file, classname, name) DO NOTHING
                    """, logger: logger)
                step("tests")
                try await conn.query(
                    """
                    INSERT INTO results (recorded_at, upload_id, ordinal, job_id, test_id, outcome, duration_s, reruns,
                                         flaky, failure_type, failure_message, failure_text, failure_text_length,
                                         properties, attempts)
                    SELECT \(claim.receivedAt), s.upload_id, s.ordinal, \(claim.jobID), t.id, s.outcome, s.duration_s,
                           s.reruns, s.flaky, s.failure_type, s.failure_message, s.failure_text,
                           s.failure_text_length, s.properties, s.attempts
                    FROM results_staging s
                    JOIN tests t ON t.repo = \(claim.repo) AND t.file = s.file AND t.classname = s.classname
                                AND t.name = s.name
                    WHERE s.upload_id = \(id)
                    """, logger: logger)
                step("results")
                try await conn.query("DELETE FROM results_staging WHERE upload_id = \(id)", logger: logger)
                step("delete")
            }
            let done = try await conn.query(
                """
                UPDATE uploads SET state = 'done', counts = \(countsJSON)::jsonb, error = NULL, error_kind = NULL,
                       finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing'
                RETURNING id
                """, logger: logger)
            var held = false
            for try await _ in done.decode(UUID.self) { held = true }
            guard held else {
                throw StoreError(.leaseLost, "upload \(id): the lease was lost before the rows were committed")
            }
        }
    }
}
