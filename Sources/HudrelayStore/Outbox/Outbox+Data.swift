import Foundation
import PostgresNIO

extension Outbox {
    /// The processed reports a rows delivery carries, in the order they were received: the workflow
    /// run's (or, for per-job keys, the job's) uploads that are `done`.
    public func rowsReports(for task: ClaimedPublishTask) async throws -> [RowsReport] {
        let rows = try await client.query(
            """
            SELECT u.id, j.id, j.external_job_id, j.workflow, u.filename
            FROM uploads u JOIN jobs j ON j.id = u.job_id
            WHERE u.state = 'done'
              AND CASE WHEN \(task.perJob) THEN j.id = \(task.jobID)
                       ELSE j.repo = \(task.repo) AND j.run_id = \(task.runID) AND j.run_attempt = \(task.runAttempt) END
            ORDER BY j.id, u.received_at, u.id
            """, logger: logger)
        var out: [RowsReport] = []
        for try await (id, job, external, workflow, filename) in rows.decode((UUID, Int64, String, String, String).self)
        {
            out.append(
                RowsReport(uploadID: id, jobID: job, externalJobID: external, workflow: workflow, filename: filename))
        }
        return out
    }

    /// A job with its dispatch and its final counts, for relay callbacks; `nil` when there is no
    /// such job.
    public func callbackJob(id: Int64) async throws -> CallbackJob? {
        let rows = try await client.query(
            """
            SELECT j.repo, j.sha, j.workflow, j.run_id, j.run_attempt, j.job_name, j.external_job_id, j.branch,
                   j.pr_number, j.delivery_id, j.event_type, j.dispatch_payload, j.finish_requested_at, j.finished_at,
                   count(*) FILTER (WHERE f.outcome IN ('passed', 'xfailed', 'xpassed'))::int8,
                   count(*) FILTER (WHERE f.outcome IN ('failed', 'error'))::int8,
                   count(*) FILTER (WHERE f.outcome = 'skipped')::int8, j.conclusion
            FROM jobs j
            LEFT JOIN LATERAL (
                SELECT DISTINCT ON (r.test_id) r.outcome
                FROM results r WHERE r.job_id = j.id
                ORDER BY r.test_id, r.recorded_at DESC, r.upload_id, r.ordinal DESC
            ) f ON true
            WHERE j.id = \(id)
            GROUP BY j.id
            """, logger: logger)
        for try await r in rows.decode(
            (
                String, String, String, String, Int, String, String, String?, Int?, String?, String?, String?,
                Date?, Date?, Int64, Int64, Int64, String?
            ).self)
        {
            var c = JobContext(repo: r.0, sha: r.1)
            c.workflow = r.2
            c.runID = r.3
            c.attempt = r.4
            c.job = r.5
            c.jobID = r.6
            c.branch = r.7
            c.pr = r.8
            c.deliveryID = r.9
            c.eventType = r.10
            c.payload = r.11
            c.conclusion = r.17
            return CallbackJob(
                id: id, context: c, finishRequestedAt: r.12, finishedAt: r.13, passed: Int(r.14), failed: Int(r.15),
                skipped: Int(r.16))
        }
        return nil
    }

    /// The job's failed and errored tests (final outcomes), at most `limit`, in test order.
    public func failedTests(jobID: Int64, limit: Int) async throws -> [FailedTest] {
        let rows = try await client.query(
            """
            SELECT t.file, t.classname, t.name, f.outcome, COALESCE(f.failure_message, ''),
                   COALESCE(f.failure_text, ''), f.duration_s, f.test_id,
                   f.reruns > 0 OR EXISTS (
                       SELECT 1 FROM results o
                       WHERE o.job_id = \(jobID) AND o.test_id = f.test_id AND o.outcome IN ('failed', 'error')
                         AND (o.upload_id, o.ordinal) <> (f.upload_id, f.ordinal)),
                   EXISTS (SELECT 1 FROM runs o JOIN jobs j ON j.id = \(jobID)
                           WHERE o.test_id = f.test_id AND o.repo = j.repo AND o.sha = j.sha AND o.job_id <> j.id
                             AND o.outcome = 'passed')
            FROM (
                SELECT DISTINCT ON (r.test_id) r.test_id, r.outcome, r.failure_message, r.failure_text, r.duration_s,
                       r.reruns, r.upload_id, r.ordinal
                FROM results r WHERE r.job_id = \(jobID)
                ORDER BY r.test_id, r.recorded_at DESC, r.upload_id, r.ordinal DESC
            ) f JOIN tests t ON t.id = f.test_id
            WHERE f.outcome IN ('failed', 'error')
            ORDER BY t.file, t.classname, t.name
            LIMIT \(limit)
            """, logger: logger)
        var out: [FailedTest] = []
        for try await r in rows.decode(
            (String, String, String, String, String, String, Double?, Int64, Bool, Bool).self)
        {
            out.append(
                FailedTest(
                    file: r.0, classname: r.1, name: r.2, outcome: r.3, message: r.4, text: r.5, duration: r.6,
                    testID: r.7, reproduced: r.8, passedElsewhere: r.9))
        }
        return out
    }

    /// What the job's triage verdict is made of: whether it was an infrastructure incident, how many
    /// of its results had their file retried on a fresh pod, and its failed tests.
    public func triageFacts(jobID: Int64) async throws -> TriageFacts {
        let rows = try await client.query(
            """
            SELECT j.infra_incident,
                   (SELECT count(*) FROM results r
                    WHERE r.job_id = j.id AND 'pod' = ANY(string_to_array(r.retried, ',')))::int8
            FROM jobs j WHERE j.id = \(jobID)
            """, logger: logger)
        var infra = false
        var pods = 0
        for try await (i, p) in rows.decode((Bool, Int).self) { (infra, pods) = (i, p) }
        return TriageFacts(
            infraIncident: infra, podRetries: pods, failed: try await failedTests(jobID: jobID, limit: 1000))
    }
}

extension Outbox {
    /// A job's uploads, oldest first: id, report name, state, error, uncompressed size, and when
    /// raw-report retention removed its report (`nil` while it is kept).
    public func uploads(
        jobID: Int64
    ) async throws -> [(id: UUID, filename: String, state: String, error: String?, size: Int64, expiredAt: Date?)] {
        let rows = try await client.query(
            """
            SELECT id, filename, state, error, size_bytes, content_expired_at FROM uploads WHERE job_id = \(jobID)
            ORDER BY received_at, id
            """, logger: logger)
        var out: [(id: UUID, filename: String, state: String, error: String?, size: Int64, expiredAt: Date?)] = []
        for try await r in rows.decode((UUID, String, String, String?, Int64, Date?).self) {
            out.append((r.0, r.1, r.2, r.3, r.4, r.5))
        }
        return out
    }
}

extension Outbox {
    /// A job's results marked flaky (passed after failed attempts), at most `limit`.
    public func flakyResults(jobID: Int64, limit: Int) async throws -> [ResultRecord] {
        let rows = try await client.query(
            """
            SELECT r.test_id, t.file, t.classname, t.name, r.outcome, r.duration_s, r.reruns, r.flaky,
                   r.attempts -> 0 ->> 'type', r.attempts -> 0 ->> 'message', r.attempts -> 0 ->> 'text',
                   r.upload_id, r.ordinal
            FROM results r JOIN tests t ON t.id = r.test_id
            WHERE r.job_id = \(jobID) AND r.flaky
            ORDER BY r.upload_id, r.ordinal LIMIT \(limit)
            """, logger: logger)
        return try await ReadStore.resultRecords(rows)
    }
}
