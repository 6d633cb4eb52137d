import Foundation
import PostgresNIO

extension ReadStore {
    /// Jobs, newest first, one page.
    public func jobs(_ f: JobFilter) async throws -> [JobRecord] {
        let rows = try await client.query(
            """
            SELECT id FROM jobs
            WHERE (\(f.repo)::text IS NULL OR repo = \(f.repo)) AND (\(f.sha)::text IS NULL OR sha = \(f.sha))
              AND (\(f.stage)::int IS NULL OR stage = \(f.stage)) AND (\(f.before)::int8 IS NULL OR id < \(f.before))
            ORDER BY id DESC LIMIT \(f.limit)
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return try await jobRecords(ids)
    }

    /// One job with its counts, or `nil`.
    public func job(id: Int64) async throws -> JobRecord? {
        try await jobRecords([id]).first
    }

    /// The jobs of `ids` that exist, in that order, with their upload states and merged counts:
    /// three statements whatever the number of jobs.
    private func jobRecords(_ ids: [Int64]) async throws -> [JobRecord] {
        guard !ids.isEmpty else { return [] }
        let rows = try await client.query(
            """
            SELECT id, repo, sha, workflow, run_id, run_attempt, job_name, external_job_id, branch, pr_number,
                   stage::int, cluster, node, card_type, card_count, created_at, architecture, runner, pytorch_sha,
                   conclusion, queued_at, started_at, ci_finished_at
            FROM jobs WHERE id = ANY(\(ids))
            """, logger: logger)
        var jobs: [Int64: JobRecord] = [:]
        for try await r in rows.decode(
            (
                Int64, String, String, String, String, Int, String, String, String?, Int?, Int?, String?, String?,
                String?, Int?, Date, String?, String?, String?, String?, Date?, Date?, Date?
            ).self)
        {
            jobs[r.0] = JobRecord(
                id: r.0, repo: r.1, sha: r.2, workflow: r.3, runID: r.4, attempt: r.5, job: r.6, jobID: r.7,
                branch: r.8, pr: r.9, stage: r.10, cluster: r.11, node: r.12, cardType: r.13, cards: r.14,
                architecture: r.16, runner: r.17, pytorchSHA: r.18, conclusion: r.19, queuedAt: r.20,
                startedAt: r.21, finishedAt: r.22, createdAt: r.15, counts: [:], uploads: [:])
        }
        let states = try await client.query(
            """
            SELECT job_id, state, count(*)::int8 FROM uploads WHERE job_id = ANY(\(ids)) GROUP BY job_id, state
            """, logger: logger)
        for try await (id, state, n) in states.decode((Int64, String, Int64).self) {
            jobs[id]?.uploads[state] = Int(n)
        }
        let counts = try await client.query(
            """
            SELECT job_id, counts::text FROM uploads
            WHERE job_id = ANY(\(ids)) AND state = 'done' AND counts IS NOT NULL
            """, logger: logger)
        for try await (id, json) in counts.decode((Int64, String).self) {
            let c = try CountsJSON.decode(json)
            let add: [(String, Int)] = [
                ("tests", c.tests), ("passed", c.passed), ("failed", c.failed), ("errors", c.errors),
                ("skipped", c.skipped), ("xfailed", c.xfailed), ("xpassed", c.xpassed), ("flaky", c.flaky),
                ("reruns", c.reruns),
            ]
            for (k, v) in add { jobs[id]?.counts[k, default: 0] += v }
        }
        return ids.compactMap { jobs[$0] }
    }

    /// A job's results, optionally of one outcome, one page in report order.
    public func results(jobID: Int64, outcome: String?, after: (UUID, Int)?, limit: Int) async throws -> [ResultRecord]
    {
        let afterUpload = after?.0
        let afterOrdinal = after?.1 ?? -1
        let rows = try await client.query(
            """
            SELECT r.test_id, t.file, t.classname, t.name, r.outcome, r.duration_s, r.reruns, r.flaky,
                   r.failure_type, r.failure_message, r.failure_text, r.upload_id, r.ordinal
            FROM results r JOIN tests t ON t.id = r.test_id
            WHERE r.job_id = \(jobID) AND (\(outcome)::text IS NULL OR r.outcome = \(outcome))
              AND (\(afterUpload)::uuid IS NULL OR (r.upload_id, r.ordinal) > (\(afterUpload), \(afterOrdinal)))
            ORDER BY r.upload_id, r.ordinal
            LIMIT \(limit)
            """, logger: logger)
        return try await Self.resultRecords(rows)
    }

    /// Result records from rows of test id, file, classname, name, outcome, duration, reruns, flaky,
    /// type, message, text, upload id and ordinal.
    static func resultRecords(_ rows: PostgresRowSequence) async throws -> [ResultRecord] {
        var out: [ResultRecord] = []
        for try await r in rows.decode(
            (Int64, String, String, String, String, Double?, Int, Bool, String?, String?, String?, UUID, Int).self)
        {
            out.append(
                ResultRecord(
                    testID: r.0, file: r.1, classname: r.2, name: r.3, outcome: r.4, duration: r.5, reruns: r.6,
                    flaky: r.7, type: r.8, message: r.9, text: r.10, uploadID: r.11, ordinal: r.12))
        }
        return out
    }

    /// Tests whose name, classname or file contains `query` (case-insensitive), by id.
    public func tests(matching query: String?, after: Int64?, limit: Int) async throws -> [TestSummary] {
        let pattern = query.map {
            "%"
                + $0.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        }
        let rows = try await client.query(
            """
            SELECT id, repo, file, classname, name, first_seen FROM tests
            WHERE (\(pattern)::text IS NULL OR name ILIKE \(pattern) OR classname ILIKE \(pattern)
                   OR file ILIKE \(pattern))
              AND (\(after)::int8 IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """, logger: logger)
        var out: [TestSummary] = []
        for try await r in rows.decode((Int64, String, String, String, String, Date).self) {
            out.append(TestSummary(id: r.0, repo: r.1, file: r.2, classname: r.3, name: r.4, firstSeen: r.5))
        }
        return out
    }
}
