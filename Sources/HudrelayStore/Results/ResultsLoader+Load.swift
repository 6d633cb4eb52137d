import Foundation
import HudrelayJUnit
import NIOCore
import PostgresNIO

extension ResultsLoader {
    /// Loads an upload's rows as they are parsed and marks it done. Two transactions run side by
    /// side: one adds the tests this process did not know (``addTests(_:on:)``); the other locks
    /// the upload, COPYs the results straight into `results`, waits for the first to commit, and
    /// marks the upload done. The new ids join ``knownTests`` once both have committed.
    ///
    /// - Important: Throws ``StoreError/Code/leaseLost`` (and rolls the results back) when `owner`
    ///   no longer holds the upload, so a report is turned into rows exactly once even when a
    ///   worker that was presumed dead comes back. Tests added before such a failure stay: a
    ///   test's row says only that it exists.
    /// - Parameter publishing: the deliveries the job gets when this upload finishes it.
    @discardableResult
    public func completeUpload(
        _ claim: ClaimedUpload, owner: String, load: UploadLoad, publishing: PublishSettings
    ) async throws -> Int {
        let id = claim.id
        let progress = load.progress
        let testsTask = Task {
            do { try await insertNewTests(upload: id, rows: load.newTests, progress: progress) } catch {
                load.cancel()  // the parser would otherwise wait on a full hand-off of tests
                throw error
            }
        }
        do {
            let (rows, newTests) = try await client.withTransaction(logger: logger) { conn in
                // Lock the upload first: a worker reclaiming it waits until this transaction ends.
                let held = try await conn.query(
                    """
                    SELECT id FROM uploads WHERE id = \(id) AND lease_owner = \(owner) AND state = 'processing'
                    FOR UPDATE
                    """, logger: logger)
                var holds = false
                for try await _ in held.decode(UUID.self) { holds = true }
                guard holds else {
                    throw StoreError(
                        .leaseLost,
                        "upload \(id.uuidString.lowercased()): the lease was lost before the rows were committed")
                }
                progress.mark()
                try await conn.perform(
                    "SELECT hudrelay_ensure_results_partition(\(claim.recordedAt)::timestamptz)", logger: logger)
                progress.mark()
                var end: (ReportCounts, Int, [Int64], String?)?
                try await conn.copyFrom(table: "results", columns: RowEncoder.columns, logger: logger) { writer in
                    for try await chunk in load.results {
                        switch chunk {
                        case .rows(let buffer): try await writer.write(buffer)
                        case .end(let counts, let rows, let newTests, let arch): end = (counts, rows, newTests, arch)
                        }
                    }
                }
                guard let (counts, rows, newTests, architecture) = end else {
                    throw StoreError(
                        .internal, "upload \(id.uuidString.lowercased()): the rows ended without the report's counts")
                }
                if let architecture {
                    // The reports' platform tag names the architecture when no upload did.
                    try await conn.perform(
                        """
                        UPDATE jobs SET architecture = \(architecture)
                        WHERE id = \(claim.jobID) AND architecture IS NULL
                        """, logger: logger)
                }
                progress.mark()
                try await testsTask.value
                progress.mark()
                let countsJSON = CountsJSON.encode(counts)
                try await conn.perform(
                    """
                    UPDATE uploads SET state = 'done', counts = \(countsJSON)::jsonb, error = NULL, error_kind = NULL,
                           finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = \(id)
                    """, logger: logger)
                try await conn.perform(
                    """
                    INSERT INTO analysis_queue (job_id, uploads) VALUES (\(claim.jobID), ARRAY[\(id)]::uuid[])
                    ON CONFLICT (job_id) DO UPDATE SET
                        -- A pending whole-job analysis stays whole; otherwise the upload joins the list.
                        uploads = CASE WHEN analysis_queue.uploads IS NULL AND analysis_queue.claimed_at IS NULL
                                       THEN NULL
                                       ELSE coalesce(analysis_queue.uploads, '{}') || EXCLUDED.uploads END,
                        queued_at = now(), claimed_at = NULL
                    """, logger: logger)
                progress.mark()
                try await store.outbox.settleJob(claim.jobID, newData: true, publishing: publishing, on: conn)
                progress.mark()
                return (rows, newTests)
            }
            knownTests.add(newTests)
            return rows
        } catch {
            load.cancel()
            if case .failure(let testsError) = await testsTask.result,
                (error as? PostgresTransactionError)?.closureError is HandoffCancelled || error is HandoffCancelled
            {
                throw testsError
            }
            throw error
        }
    }

    /// Adds the tests in `rows` that are not stored yet, in a transaction of its own, in batches of
    /// about 1 MiB (``addTests(_:on:)``).
    private func insertNewTests(
        upload id: UUID, rows: BoundedHandoff<ByteBuffer>, progress: AttemptProgress
    ) async throws {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.perform(
                """
                CREATE TEMPORARY TABLE IF NOT EXISTS hudrelay_new_tests (
                    id bigint NOT NULL, repo text NOT NULL, file text NOT NULL, classname text NOT NULL,
                    name text NOT NULL, generic_id text) ON COMMIT DELETE ROWS
                """, logger: logger)
            // In batches as the parser finds them, so that adding them overlaps the parse and the
            // results' COPY instead of following it.
            var batch: [ByteBuffer] = []
            var batchBytes = 0
            for try await buffer in rows {
                batch.append(buffer)
                batchBytes += buffer.readableBytes
                if batchBytes >= 1 << 20 {
                    try await addTests(batch, on: conn)
                    progress.mark()
                    batch.removeAll(keepingCapacity: true)
                    batchBytes = 0
                }
            }
            if !batch.isEmpty { try await addTests(batch, on: conn) }
        }
    }

    /// Adds one batch of new tests (COPY text rows). Usually none of them is stored yet, and they
    /// are copied straight into `tests`. When one is (another process or worker stored it first, or
    /// this process restarted), the copy fails on the duplicate key and is rolled back to a
    /// savepoint; the batch then goes through the temporary table: insert what is new, check that
    /// no id that was already taken belongs to another identity, empty the table.
    private func addTests(_ batch: [ByteBuffer], on conn: PostgresConnection) async throws {
        try await conn.perform("SAVEPOINT hudrelay_new_tests", logger: logger)
        do {
            try await conn.copyFrom(table: "tests", columns: RowEncoder.testColumns, logger: logger) { writer in
                for buffer in batch { try await writer.write(buffer) }
            }
            try await conn.perform("RELEASE SAVEPOINT hudrelay_new_tests", logger: logger)
            return
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await conn.perform("ROLLBACK TO SAVEPOINT hudrelay_new_tests", logger: logger)
        }
        try await conn.copyFrom(table: "hudrelay_new_tests", columns: RowEncoder.testColumns, logger: logger) {
            writer in
            for buffer in batch { try await writer.write(buffer) }
        }
        // The outer SELECT sees `tests` as it was before the INSERT: only ids that were taken.
        let clash = try await conn.query(
            """
            WITH added AS (
                INSERT INTO tests (id, repo, file, classname, name, generic_id)
                SELECT id, repo, file, classname, name, generic_id FROM hudrelay_new_tests
                ON CONFLICT (id) DO NOTHING RETURNING id)
            SELECT s.id, s.file || '::' || s.classname || '::' || s.name,
                   t.file || '::' || t.classname || '::' || t.name,
                   (SELECT count(*) FROM added)
            FROM hudrelay_new_tests s JOIN tests t ON t.id = s.id
            WHERE (t.repo, t.file, t.classname, t.name) IS DISTINCT FROM (s.repo, s.file, s.classname, s.name)
            LIMIT 1
            """, logger: logger)
        for try await (testID, mine, theirs, _) in clash.decode((Int64, String, String, Int).self) {
            throw StoreError(
                .testIDCollision,
                "test id \(testID) of \(mine) is already taken by \(theirs); rename one of the two tests")
        }
        try await conn.perform("TRUNCATE hudrelay_new_tests", logger: logger)
    }
}
