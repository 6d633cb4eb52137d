import Foundation
import HudrelayJUnit
import NIOCore
import PostgresNIO

extension Store {
    /// Loads an upload's rows and marks it done, all in one transaction: lock the upload, add the
    /// tests this process has not seen (COPY into `tests_staging`, insert, read back their ids),
    /// COPY the results straight into `results`, mark the upload done. The new ids enter
    /// ``testIDs`` once the transaction has committed.
    ///
    /// - Important: Throws ``StoreError/Code/leaseLost`` (and rolls everything back) when `owner`
    ///   no longer holds the upload, so a report is turned into rows exactly once even when a
    ///   worker that was presumed dead comes back.
    public func completeUpload(_ claim: ClaimedUpload, owner: String, rows: ResultRows, counts: ReportCounts)
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
        let newIDs = try await client.withTransaction(logger: logger) { conn in
            // Lock the upload first: a worker reclaiming it waits until this transaction ends.
            let held = try await conn.query(
                """
                SELECT id FROM uploads WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing'
                FOR UPDATE
                """, logger: logger)
            var holds = false
            for try await _ in held.decode(UUID.self) { holds = true }
            guard holds else {
                throw StoreError(.leaseLost, "upload \(id): the lease was lost before the rows were committed")
            }
            try await conn.query(
                "SELECT hudrelay_ensure_results_partition(\(claim.recordedAt)::timestamptz)", logger: logger)
            var ids: [UUID: Int64] = [:]
            if rows.newTestCount > 0 {
                ids.reserveCapacity(rows.newTestCount)
                try await conn.copyFrom(table: "tests_staging", columns: ResultRows.testColumns, logger: logger) {
                    try await $0.write(rows.newTests)
                }
                try await conn.query(
                    """
                    INSERT INTO tests (key, repo, file, classname, name)
                    SELECT key, repo, file, classname, name FROM tests_staging WHERE upload_id = \(id)
                    ON CONFLICT (key) DO NOTHING
                    """, logger: logger)
                let found = try await conn.query(
                    """
                    SELECT s.key, t.id FROM tests_staging s JOIN tests t ON t.key = s.key
                    WHERE s.upload_id = \(id)
                    """, logger: logger)
                for try await (key, testID) in found.decode((UUID, Int64).self) { ids[key] = testID }
                try await conn.query("DELETE FROM tests_staging WHERE upload_id = \(id)", logger: logger)
                step("tests")
            }
            if rows.count > 0 {
                try await conn.copyFrom(table: "results", columns: ResultRows.columns, logger: logger) { writer in
                    try await rows.write(recordedAt: claim.recordedAt, jobID: claim.jobID, ids: ids) {
                        try await writer.write($0)
                    }
                }
                step("results")
            }
            try await conn.query(
                """
                UPDATE uploads SET state = 'done', counts = \(countsJSON)::jsonb, error = NULL, error_kind = NULL,
                       finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id)
                """, logger: logger)
            return ids
        }
        testIDs.add(newIDs)
    }
}
