import Foundation
import PostgresNIO

extension Outbox {
    /// Claims the oldest delivery that is due, or one whose publisher's lease expired (a publisher
    /// that died), in one statement. Deliveries go out in the order they were created: a sink that
    /// fails holds back every later delivery to it (``retryPublish(_:owner:status:error:after:)``).
    public func claimPublishTask(owner: String, lease: Duration) async throws -> ClaimedPublishTask? {
        let seconds = Double(lease.components.seconds)
        let rows = try await client.query(
            """
            UPDATE publish_tasks t SET state = 'sending', attempts = t.attempts + 1, lease_owner = \(owner),
                   lease_expires_at = now() + make_interval(secs => \(seconds)), updated_at = now()
            WHERE t.id = (
                SELECT id FROM publish_tasks
                WHERE (state = 'pending' AND available_at <= now())
                   OR (state = 'sending' AND lease_expires_at < now())
                ORDER BY id
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING t.id, t.target, t.job_id, t.repo, t.run_id, t.run_attempt, t.per_job, t.generation, t.failures
            """, logger: logger)
        for try await row in rows.decode((Int64, String, Int64, String, String, Int, Bool, Int, Int).self) {
            guard let target = PublishTarget(rawValue: row.1) else { continue }
            return ClaimedPublishTask(
                id: row.0, target: target, jobID: row.2, repo: row.3, runID: row.4, runAttempt: row.5,
                perJob: row.6, generation: row.7, failures: row.8)
        }
        return nil
    }

    /// Records a delivery. When new data arrived while it was sent, it stays pending and goes
    /// again. Returns `false` when the lease was lost (another publisher took the task over).
    @discardableResult
    public func publishDelivered(
        _ task: ClaimedPublishTask, owner: String, status: Int, keys: [String]
    ) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE publish_tasks SET
                state = CASE WHEN generation = \(task.generation) THEN 'done' ELSE 'pending' END,
                sent_generation = \(task.generation), delivered_at = now(), updated_at = now(), failures = 0,
                last_status = \(status), last_error = NULL, response_body = NULL, keys = \(keys),
                lease_owner = NULL, lease_expires_at = NULL, available_at = now()
            WHERE id = \(task.id) AND lease_owner = \(owner) AND state = 'sending'
            RETURNING id
            """, logger: logger)
        var held = false
        for try await _ in rows.decode(Int64.self) { held = true }
        return held
    }

    /// Puts a delivery back after a transient failure (no answer, 429, 5xx), to be tried after
    /// `delay`, and holds back every later delivery to the same sink until then, so that a sink
    /// that was down is caught up in order.
    public func retryPublish(
        _ task: ClaimedPublishTask, owner: String, status: Int?, error: String, after delay: Duration
    ) async throws {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        let relay = task.target.isRelay
        try await client.withTransaction(logger: logger) { conn in
            try await conn.perform(
                """
                UPDATE publish_tasks SET state = 'pending', failures = failures + 1, last_status = \(status),
                       last_error = \(error), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                       available_at = now() + make_interval(secs => \(seconds))
                WHERE id = \(task.id) AND lease_owner = \(owner)
                """, logger: logger)
            try await conn.perform(
                """
                UPDATE publish_tasks SET available_at = now() + make_interval(secs => \(seconds))
                WHERE state = 'pending' AND id > \(task.id) AND (target <> 'hud_rows') = \(relay)
                  AND available_at < now() + make_interval(secs => \(seconds))
                """, logger: logger)
        }
    }

    /// Puts a delivery back untried for `delay` (paced under a rate limit): no failure is counted.
    public func deferPublish(_ task: ClaimedPublishTask, owner: String, after delay: Duration) async throws {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        try await client.query(
            """
            UPDATE publish_tasks SET state = 'pending', updated_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                   available_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(task.id) AND lease_owner = \(owner)
            """, logger: logger)
    }

    /// Records a delivery the target refused (a 4xx other than 429), with its answer; it is not
    /// tried again until an operator asks (``retryFailedPublishes()``) or new data arrives.
    public func publishFailed(
        _ task: ClaimedPublishTask, owner: String, status: Int, error: String, body: String
    ) async throws {
        try await client.perform(
            """
            UPDATE publish_tasks SET state = 'failed', last_status = \(status), last_error = \(error),
                   response_body = \(String(body.prefix(8192))), updated_at = now(),
                   lease_owner = NULL, lease_expires_at = NULL
            WHERE id = \(task.id) AND lease_owner = \(owner)
            """, logger: logger)
    }

    /// Puts every refused delivery back in the queue. Returns how many.
    public func retryFailedPublishes() async throws -> Int {
        let rows = try await client.query(
            """
            UPDATE publish_tasks SET state = 'pending', failures = 0, available_at = now(), updated_at = now()
            WHERE state = 'failed' RETURNING id
            """, logger: logger)
        var n = 0
        for try await _ in rows.decode(Int64.self) { n += 1 }
        return n
    }

    /// Deliveries, newest first, optionally of one state or one job.
    public func publishTasks(
        state: String? = nil, jobID: Int64? = nil, limit: Int = 100
    ) async throws
        -> [PublishTaskStatus]
    {
        let rows = try await client.query(
            """
            SELECT id, target, subject, job_id, state, generation, sent_generation, attempts, created_at,
                   delivered_at, available_at, last_status, last_error, response_body, COALESCE(keys, '{}')
            FROM publish_tasks
            WHERE (\(state)::text IS NULL OR state = \(state)) AND (\(jobID)::int8 IS NULL OR job_id = \(jobID))
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        var out: [PublishTaskStatus] = []
        for try await r in rows.decode(
            (
                Int64, String, String, Int64, String, Int, Int, Int, Date, Date?, Date, Int?, String?, String?,
                [String]
            ).self)
        {
            out.append(
                PublishTaskStatus(
                    id: r.0, target: r.1, subject: r.2, jobID: r.3, state: r.4, generation: r.5, sentGeneration: r.6,
                    attempts: r.7, createdAt: r.8, deliveredAt: r.9, availableAt: r.10, lastStatus: r.11,
                    lastError: r.12, responseBody: r.13, keys: r.14))
        }
        return out
    }

    /// Deliveries per state, and the age of the oldest one not yet delivered (seconds).
    public func publishStats() async throws -> (counts: [String: Int], oldestPendingSeconds: Double) {
        let rows = try await client.query(
            """
            SELECT state, count(*)::int8,
                   COALESCE(EXTRACT(EPOCH FROM now() - min(updated_at)), 0)::float8
            FROM publish_tasks GROUP BY state
            """, logger: logger)
        var counts: [String: Int] = ["pending": 0, "sending": 0, "done": 0, "failed": 0]
        var oldest = 0.0
        for try await (state, n, age) in rows.decode((String, Int64, Double).self) {
            counts[state] = Int(n)
            if state == "pending" || state == "sending" { oldest = max(oldest, age) }
        }
        return (counts, oldest)
    }
}
