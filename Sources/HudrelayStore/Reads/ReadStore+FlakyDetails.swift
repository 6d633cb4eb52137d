import Foundation
import PostgresNIO

extension ReadStore {
    /// Flips and executed runs among the last `lastRuns` executed runs of each test on `branch`
    /// (outside infrastructure incidents): a flip is a run whose outcome differs from the one before.
    public func flips(testIDs: [Int64], branch: String, lastRuns: Int) async throws -> [Int64: (flips: Int, runs: Int)]
    {
        // The last runs of each test on the branch through the (test_id, branch, at) index (0013),
        // then their flips.
        let rows = try await read(
            """
            SELECT x.test_id, count(*) FILTER (WHERE x.prev IS NOT NULL AND x.prev <> x.outcome)::int8, count(*)::int8
            FROM (SELECT l.test_id, l.outcome, lag(l.outcome) OVER (PARTITION BY l.test_id ORDER BY l.at, l.job_id) AS prev
                  FROM unnest(\(testIDs)::int8[]) AS ids(id)
                  CROSS JOIN LATERAL (
                      SELECT r.test_id, r.outcome, r.at, r.job_id FROM runs r
                      WHERE r.test_id = ids.id AND r.branch = \(branch) AND r.outcome <> 'skipped' AND NOT r.infra
                      ORDER BY r.at DESC LIMIT \(lastRuns)) l) x
            GROUP BY x.test_id
            """, logger: logger)
        var out: [Int64: (flips: Int, runs: Int)] = [:]
        for try await (id, flips, runs) in rows.decode((Int64, Int, Int).self) { out[id] = (flips, runs) }
        return out
    }

    /// The latest failure message of a flaky run of each test in the window.
    public func failureSamples(_ f: FlakyFilter, testIDs: [Int64]) async throws -> [Int64: FailureSample] {
        let rows = try await read(
            """
            SELECT l.test_id, l.message, l.job_id, l.sha, l.node, l.day::text
            FROM unnest(\(testIDs)::int8[]) AS ids(id)
            CROSS JOIN LATERAL (
                SELECT r.test_id, r.message, r.job_id, r.sha, r.node, r.day FROM runs r
                WHERE r.test_id = ids.id AND r.day BETWEEN \(f.from)::date AND \(f.to)::date
                  AND (r.retry OR r.file_rerun OR r.same_commit OR r.file_retry) AND r.message IS NOT NULL AND NOT r.infra
                ORDER BY r.at DESC LIMIT 1) l
            """, logger: logger)
        var out: [Int64: FailureSample] = [:]
        for try await (id, message, job, sha, node, day) in rows.decode(
            (Int64, String, Int64, String, String, String).self)
        {
            out[id] = FailureSample(message: message, jobID: job, sha: sha, node: node, day: day)
        }
        return out
    }

    /// The last `limit` runs of a test, newest first.
    public func testHistory(testID: Int64, limit: Int) async throws -> [RunRecord] {
        let rows = try await read(
            """
            SELECT r.job_id, j.job_name, r.sha, r.branch, r.node, r.card_type, r.stage::int8, r.outcome,
                   r.failed_attempts::int8, r.retry, r.file_rerun, r.same_commit, r.infra,
                   to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.message, r.file_retry, r.pod_retry,
                   coalesce(r.retry_kinds, '{}'), r.architecture
            FROM runs r JOIN jobs j ON j.id = r.job_id
            WHERE r.test_id = \(testID)
            ORDER BY r.at DESC, r.job_id DESC LIMIT \(limit)
            """, logger: logger)
        var out: [RunRecord] = []
        for try await r in rows.decode(
            (
                Int64, String, String, String, String, String, Int, String, Int, Bool, Bool, Bool, Bool, String,
                String?,
                Bool, Bool, [String], String
            ).self)
        {
            var evidence: [String] = []
            if r.9 { evidence.append("retry") }
            if r.10 { evidence.append("file_rerun") }
            if r.11 { evidence.append("same_commit") }
            if r.15 { evidence.append("file_retry") }
            var run = RunRecord(
                jobID: r.0, jobName: r.1, sha: r.2, branch: r.3, node: r.4, cardType: r.5, stage: r.6,
                outcome: r.7, failedAttempts: r.8, evidence: evidence, infra: r.12, at: r.13, message: r.14)
            run.podRetry = r.16
            run.retryKinds = Array(Set(r.17)).sorted()
            run.architecture = r.18
            out.append(run)
        }
        return out
    }

    /// The most frequent failure signatures among failed and flaky runs in the window.
    public func failureClusters(_ f: FlakyFilter, limit: Int) async throws -> [FailureCluster] {
        let rows = try await read(
            """
            WITH hits AS (
                SELECT r.signature, r.message, r.node, r.test_id FROM runs r
                WHERE r.signature IS NOT NULL AND r.day BETWEEN \(f.from)::date AND \(f.to)::date AND NOT r.infra
                  AND (r.outcome = 'failed' OR r.retry OR r.file_rerun)
                  AND (\(f.stage)::int4 IS NULL OR r.stage = \(f.stage))
                  AND (\(f.cardType)::text IS NULL OR r.card_type = \(f.cardType))
                  AND (\(f.node)::text IS NULL OR r.node = \(f.node))
                  AND (\(f.branch)::text IS NULL OR r.branch = \(f.branch))
                  AND (\(f.repo)::text IS NULL OR r.repo = \(f.repo))),
            top AS (
                SELECT signature, count(*)::int8 AS runs, count(DISTINCT test_id)::int8 AS tests, min(message) AS sample
                FROM hits GROUP BY signature ORDER BY runs DESC, signature LIMIT \(limit))
            SELECT top.signature, top.sample, top.runs, top.tests,
                   (SELECT array_agg(node ORDER BY c DESC, node) FROM
                        (SELECT node, count(*) AS c FROM hits h WHERE h.signature = top.signature GROUP BY node) n),
                   (SELECT array_agg(x.label) FROM
                        (SELECT DISTINCT t.classname || '::' || t.name AS label FROM hits h JOIN tests t ON t.id = h.test_id
                         WHERE h.signature = top.signature ORDER BY 1 LIMIT 5) x)
            FROM top ORDER BY top.runs DESC, top.signature
            """, logger: logger)
        var out: [FailureCluster] = []
        for try await (sig, sample, runs, tests, nodes, names) in rows.decode(
            (String, String?, Int, Int, [String], [String]).self)
        {
            out.append(
                FailureCluster(
                    signature: sig, sample: sample ?? sig, runs: runs, tests: tests, nodes: nodes, sampleTests: names))
        }
        return out
    }

    /// Jobs in the window that were infrastructure incidents.
    public func infraIncidents(_ f: FlakyFilter) async throws -> [InfraIncident] {
        let rows = try await read(
            """
            SELECT j.id, j.job_name, j.sha, coalesce(j.node, ''), j.executed_tests::int8, j.failed_tests::int8,
                   (j.created_at AT TIME ZONE 'UTC')::date::text
            FROM jobs j
            WHERE j.infra_incident AND (j.created_at AT TIME ZONE 'UTC')::date BETWEEN \(f.from)::date AND \(f.to)::date
              AND (\(f.repo)::text IS NULL OR j.repo = \(f.repo))
              AND (\(f.stage)::int4 IS NULL OR j.stage = \(f.stage))
              AND (\(f.cardType)::text IS NULL OR j.card_type = \(f.cardType))
              AND (\(f.node)::text IS NULL OR j.node = \(f.node))
            ORDER BY j.id DESC LIMIT 500
            """, logger: logger)
        var out: [InfraIncident] = []
        for try await r in rows.decode((Int64, String, String, String, Int, Int, String).self) {
            out.append(
                InfraIncident(jobID: r.0, jobName: r.1, sha: r.2, node: r.3, executed: r.4, failed: r.5, day: r.6))
        }
        return out
    }
}
