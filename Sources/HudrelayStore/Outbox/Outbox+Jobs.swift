import Foundation
import PostgresNIO

extension Outbox {
    /// Creates the job of `context` or fills in what it did not know, and returns its id. A job
    /// that answers a relay dispatch gets its `in_progress` callback queued when the server sends
    /// callbacks (`publishing.relay`).
    func upsertJob(_ c: JobContext, publishing: PublishSettings, on conn: PostgresConnection) async throws -> Int64 {
        let rows = try await conn.query(
            """
            INSERT INTO jobs (repo, sha, workflow, run_id, run_attempt, job_name, external_job_id,
                              branch, pr_number, stage, cluster, node, card_type, card_count,
                              delivery_id, event_type, dispatch_payload, architecture, runner, pytorch_sha,
                              conclusion, queued_at, started_at, ci_finished_at)
            VALUES (\(c.repo), \(c.sha), \(c.workflow ?? ""), \(c.runID ?? ""), \(c.attempt ?? 1),
                    \(c.job ?? ""), \(c.jobID ?? ""), \(c.branch), \(c.pr), \(c.stage), \(c.cluster),
                    \(c.node), \(c.cardType), \(c.cards), \(c.deliveryID), \(c.eventType), \(c.payload),
                    \(c.architecture), \(c.runner), \(c.pytorchSHA), \(c.conclusion),
                    \(c.queuedAt.flatMap(RFC3339.date)), \(c.startedAt.flatMap(RFC3339.date)),
                    \(c.finishedAt.flatMap(RFC3339.date)))
            ON CONFLICT (repo, sha, workflow, run_id, run_attempt, job_name, external_job_id) DO UPDATE SET
                branch = COALESCE(EXCLUDED.branch, jobs.branch),
                pr_number = COALESCE(EXCLUDED.pr_number, jobs.pr_number),
                stage = COALESCE(EXCLUDED.stage, jobs.stage),
                cluster = COALESCE(EXCLUDED.cluster, jobs.cluster),
                node = COALESCE(EXCLUDED.node, jobs.node),
                card_type = COALESCE(EXCLUDED.card_type, jobs.card_type),
                card_count = COALESCE(EXCLUDED.card_count, jobs.card_count),
                delivery_id = COALESCE(EXCLUDED.delivery_id, jobs.delivery_id),
                event_type = COALESCE(EXCLUDED.event_type, jobs.event_type),
                dispatch_payload = COALESCE(EXCLUDED.dispatch_payload, jobs.dispatch_payload),
                architecture = COALESCE(EXCLUDED.architecture, jobs.architecture),
                runner = COALESCE(EXCLUDED.runner, jobs.runner),
                pytorch_sha = COALESCE(EXCLUDED.pytorch_sha, jobs.pytorch_sha),
                conclusion = COALESCE(EXCLUDED.conclusion, jobs.conclusion),
                queued_at = COALESCE(EXCLUDED.queued_at, jobs.queued_at),
                started_at = COALESCE(EXCLUDED.started_at, jobs.started_at),
                ci_finished_at = COALESCE(EXCLUDED.ci_finished_at, jobs.ci_finished_at)
            RETURNING id, delivery_id IS NOT NULL
            """, logger: logger)
        var jobID: Int64 = 0
        var dispatched = false
        for try await (id, d) in rows.decode((Int64, Bool).self) { (jobID, dispatched) = (id, d) }
        // Nightly and periodic self-reports send only `completed` (hud-format.md §4.1).
        let selfReport = ["nightly", "periodic"].contains(c.eventType ?? "")
        if publishing.relay, dispatched, !selfReport {
            try await enqueue(.relayInProgress, subject: "job:\(jobID)", jobID: jobID, newData: false, on: conn)
        }
        return jobID
    }

    /// Registers a job without a report (for its relay callbacks before the first upload, which
    /// `publishing` says whether to send).
    public func registerJob(context: JobContext, publishing: PublishSettings) async throws -> Int64 {
        try context.validate()
        return try await client.withTransaction(logger: logger) { conn in
            try await upsertJob(context, publishing: publishing, on: conn)
        }
    }

    /// Asks for a job to be finished: it is, and its deliveries are queued, once none of its uploads
    /// is still queued or processing. With `republish`, a job that was already delivered is
    /// delivered again (the same keys). `publishing` says which deliveries. Returns `false` when
    /// there is no such job.
    @discardableResult
    public func requestFinish(
        jobID: Int64, republish: Bool = false, publishing: PublishSettings
    ) async throws
        -> Bool
    {
        try await client.withTransaction(logger: logger) { conn in
            let rows = try await conn.query(
                """
                UPDATE jobs SET finish_requested_at = COALESCE(finish_requested_at, now())
                WHERE id = \(jobID) RETURNING id
                """, logger: logger)
            var found = false
            for try await _ in rows.decode(Int64.self) { found = true }
            guard found else { return false }
            try await settleJob(jobID, newData: republish, publishing: publishing, on: conn)
            return true
        }
    }

    /// Asks every job that has had no upload for `quiet` (and no finish yet) to finish. Returns the
    /// jobs asked. Jobs created more than 7 days ago are left alone.
    public func finishQuietJobs(quiet: Duration, publishing: PublishSettings) async throws -> [Int64] {
        let seconds = Double(quiet.components.seconds)
        let rows = try await client.query(
            """
            SELECT j.id FROM jobs j
            WHERE j.finish_requested_at IS NULL AND j.created_at > now() - interval '7 days'
              AND (SELECT max(received_at) FROM uploads u WHERE u.job_id = j.id)
                  < now() - make_interval(secs => \(seconds))
            ORDER BY j.id LIMIT 500
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        for id in ids { try await requestFinish(jobID: id, publishing: publishing) }
        return ids
    }

    /// Settles jobs whose finish was asked for and which are not finished yet (their uploads may
    /// have completed at the moment the request arrived). Returns how many became finished.
    @discardableResult
    public func settleRequestedJobs(publishing: PublishSettings) async throws -> Int {
        let rows = try await client.query(
            """
            SELECT id FROM jobs WHERE finish_requested_at IS NOT NULL AND finished_at IS NULL ORDER BY id LIMIT 500
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        var settled = 0
        for id in ids {
            let done = try await client.withTransaction(logger: logger) { conn in
                try await settleJob(id, newData: false, publishing: publishing, on: conn)
            }
            if done {
                settled += 1
            }
        }
        return settled
    }

    /// Delivers again the rows of every job finished since `since`. Returns how many jobs.
    public func republish(since: Date, publishing: PublishSettings) async throws -> Int {
        let rows = try await client.query(
            "SELECT id FROM jobs WHERE finished_at >= \(since) ORDER BY id", logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        for id in ids { try await requestFinish(jobID: id, republish: true, publishing: publishing) }
        return ids.count
    }

    /// Finishes the job when a finish was asked for and none of its uploads is queued or
    /// processing, and queues its deliveries; `newData` raises the generation of deliveries that
    /// exist (the same keys are written again); `publishing` says which deliveries. Returns whether
    /// the job is finished.
    ///
    /// - Important: Call it inside the transaction that changes the job's uploads or finish
    ///   request: it locks the job's row first (when a finish was asked for), so that an upload
    ///   finishing and a finish request arriving at once see each other, or the periodic
    ///   ``settleRequestedJobs()`` settles the job.
    @discardableResult
    func settleJob(
        _ jobID: Int64, newData: Bool, publishing: PublishSettings, on conn: PostgresConnection
    ) async throws -> Bool {
        // Most uploads belong to jobs nobody asked to finish yet: no lock then (the analyzer's
        // transactions update the job's row, and workers must not queue behind them). A finish
        // request that commits between this read and this transaction's commit is settled by
        // ``settleRequestedJobs()``, which the publisher runs periodically.
        let requested = try await conn.query(
            "SELECT finish_requested_at IS NOT NULL FROM jobs WHERE id = \(jobID)", logger: logger)
        var asked = false
        for try await r in requested.decode(Bool.self) { asked = r }
        guard asked else { return false }
        // The lock an UPDATE of the row takes, no stronger. `FOR UPDATE` would also wait for the
        // key-share locks that rows referencing the job (its uploads, runs, deliveries) hold until
        // their transaction commits; when that transaction then updates the job (the analyzer
        // does), each waits for the other: a deadlock.
        try await conn.perform("SELECT id FROM jobs WHERE id = \(jobID) FOR NO KEY UPDATE", logger: logger)
        let rows = try await conn.query(
            """
            UPDATE jobs SET finished_at = COALESCE(finished_at, now())
            WHERE id = \(jobID) AND finish_requested_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM uploads WHERE job_id = \(jobID) AND state IN ('queued', 'processing'))
            RETURNING repo, run_id, run_attempt, delivery_id IS NOT NULL
            """, logger: logger)
        var settled: (String, String, Int, Bool)?
        for try await row in rows.decode((String, String, Int, Bool).self) { settled = row }
        guard let (repo, runID, attempt, dispatched) = settled else { return false }
        if publishing.hudRows {
            if publishing.perJobKeys || runID.isEmpty {
                try await enqueue(.hudRows, subject: "job:\(jobID)", jobID: jobID, newData: newData, on: conn)
            } else {
                let open = try await conn.query(
                    """
                    SELECT count(*)::int8 FROM jobs
                    WHERE repo = \(repo) AND run_id = \(runID) AND run_attempt = \(attempt) AND finished_at IS NULL
                    """, logger: logger)
                var unfinished: Int64 = 0
                for try await n in open.decode(Int64.self) { unfinished = n }
                if unfinished == 0 {
                    try await enqueue(
                        .hudRows, subject: "run:\(repo):\(runID):\(attempt)", jobID: jobID, newData: newData, on: conn)
                }
            }
        }
        // The relay refuses a second `completed` for a job: it is sent once, never re-sent.
        if publishing.relay, dispatched {
            try await enqueue(.relayCompleted, subject: "job:\(jobID)", jobID: jobID, newData: false, on: conn)
        }
        return true
    }

    /// Adds a delivery, or (with `newData`) raises the generation of the one that exists so that
    /// it is delivered again.
    private func enqueue(
        _ target: PublishTarget, subject: String, jobID: Int64, newData: Bool, on conn: PostgresConnection
    ) async throws {
        let perJob = subject.hasPrefix("job:") && target == .hudRows
        try await conn.perform(
            """
            INSERT INTO publish_tasks (target, subject, job_id, repo, run_id, run_attempt, per_job)
            SELECT \(target.rawValue), \(subject), id, repo, run_id, run_attempt, \(perJob) FROM jobs WHERE id = \(jobID)
            ON CONFLICT (target, subject) DO UPDATE SET
                generation = publish_tasks.generation + 1, job_id = EXCLUDED.job_id,
                state = CASE WHEN publish_tasks.state = 'sending' THEN 'sending' ELSE 'pending' END,
                failures = 0, available_at = now(), updated_at = now()
            WHERE \(newData)
            """, logger: logger)
        try await conn.perform("SELECT pg_notify('hudrelay_publish', \(subject))", logger: logger)
    }
}
