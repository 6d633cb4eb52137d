import Foundation
import HudrelayScorecard
import PostgresNIO

/// What the scorecard reads (docs/scorecard.md): a stage's jobs with their times and
/// conclusions, and how many of them reached HUD. A part of ``Store``, over its connection pool.
public struct ScorecardStore: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }

    /// The jobs of `stage` in `repo` that CI queued (or started; else hudrelay heard of them) from
    /// `since` to `until`, hudrelay having heard of them since `since`, with their
    /// times: CI's (queued, started, finished) and hudrelay's (first report processed; last
    /// report processed and analyzed, once none is still queued or processing).
    public func jobs(repo: String, stage: Int, since: Date, until: Date) async throws -> [JobTiming] {
        let rows = try await client.query(
            """
            SELECT j.id, j.job_name, j.sha,
                   CASE WHEN j.run_id = '' THEN '' ELSE j.workflow || '/' || j.run_id || '/' || j.run_attempt END,
                   j.pr_number, j.event_type, j.conclusion, j.executed_tests, coalesce(j.failed_tests, 0),
                   j.infra_incident, coalesce(u.failed, false), j.created_at, j.queued_at, j.started_at,
                   j.ci_finished_at, u.first_done,
                   CASE WHEN u.open = 0 AND j.analyzed_at IS NOT NULL THEN greatest(u.last_done, j.analyzed_at) END
            FROM jobs j
            LEFT JOIN LATERAL (
                SELECT min(finished_at) FILTER (WHERE state = 'done') AS first_done,
                       max(finished_at) AS last_done,
                       count(*) FILTER (WHERE state IN ('queued', 'processing')) AS open,
                       bool_or(state = 'failed') AS failed
                FROM uploads WHERE job_id = j.id
            ) u ON true
            WHERE j.repo = \(repo) AND j.stage = \(stage) AND j.created_at >= \(since)
              AND coalesce(j.queued_at, j.started_at, j.created_at) BETWEEN \(since) AND \(until)
            ORDER BY j.id
            """, logger: logger)
        var jobs: [JobTiming] = []
        typealias Row = (
            Int64, String, String, String, Int?, String?, String?, Int?, Int, Bool, Bool, Date, Date?, Date?, Date?,
            Date?, Date?
        )
        for try await r in rows.decode(Row.self) {
            jobs.append(
                JobTiming(
                    id: r.0, name: r.1, sha: r.2, run: r.3, pr: r.4, eventType: r.5, conclusion: r.6,
                    executedTests: r.7, failedTests: r.8, infraIncident: r.9, reportFailed: r.10, createdAt: r.11,
                    queuedAt: r.12, startedAt: r.13, finishedAt: r.14, firstResultAt: r.15, lastResultAt: r.16))
        }
        return jobs
    }

    /// Of `stage`'s jobs in `repo` that hudrelay finished from `since` to `until`: how many, and
    /// how many had their results delivered to HUD (their rows in S3 or their relay callback).
    public func published(
        repo: String, stage: Int, since: Date, until: Date
    ) async throws -> (
        finished: Int, published: Int
    ) {
        let rows = try await client.query(
            """
            SELECT count(*)::int8,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM publish_tasks t
                       WHERE t.state = 'done' AND t.repo = j.repo AND t.run_id = j.run_id
                         AND t.run_attempt = j.run_attempt
                         AND (t.job_id = j.id OR (t.target = 'hud_rows' AND NOT t.per_job AND j.run_id <> ''))
                   ))::int8
            FROM jobs j
            WHERE j.repo = \(repo) AND j.stage = \(stage) AND j.finished_at > \(since) AND j.finished_at <= \(until)
            """, logger: logger)
        var out = (finished: 0, published: 0)
        for try await (f, p) in rows.decode((Int64, Int64).self) { out = (Int(f), Int(p)) }
        return out
    }

    /// The repository of the newest job of `stage` (any stage when `nil`), `nil` when there is none.
    public func latestRepo(stage: Int?) async throws -> String? {
        let rows = try await client.query(
            """
            SELECT repo FROM jobs WHERE stage IS NOT NULL AND (\(stage)::int IS NULL OR stage = \(stage))
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, logger: logger)
        for try await repo in rows.decode(String.self) { return repo }
        return nil
    }

    /// The (repository, stage) pairs with jobs created since `since`.
    public func stagesWithJobs(since: Date) async throws -> [(String, Int)] {
        let rows = try await client.query(
            """
            SELECT DISTINCT repo, stage::int8 FROM jobs WHERE stage IS NOT NULL AND created_at >= \(since)
            ORDER BY 1, 2
            """, logger: logger)
        var out: [(String, Int)] = []
        for try await (repo, stage) in rows.decode((String, Int64).self) { out.append((repo, Int(stage))) }
        return out
    }
}
