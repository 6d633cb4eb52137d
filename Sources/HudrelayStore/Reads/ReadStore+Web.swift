import Foundation
import PostgresNIO

extension ReadStore {
    /// The jobs of the newest `commits` commits of a branch, newest commit first.
    public func grid(repo: String, branch: String, commits: Int) async throws -> [GridCell] {
        let rows = try await client.query(
            """
            WITH commits AS (
                SELECT sha, max(created_at) AS at FROM jobs WHERE repo = \(repo) AND branch = \(branch)
                GROUP BY sha ORDER BY at DESC LIMIT \(commits))
            SELECT c.sha, c.at, j.id, j.job_name,
                   coalesce(sum((u.counts ->> 'tests')::int), 0)::int8,
                   coalesce(sum((u.counts ->> 'failed')::int + (u.counts ->> 'errors')::int), 0)::int8,
                   coalesce(sum((u.counts ->> 'passed')::int), 0)::int8,
                   count(u.id) FILTER (WHERE u.state IN ('queued', 'processing'))::int8
            FROM commits c
            JOIN jobs j ON j.repo = \(repo) AND j.branch = \(branch) AND j.sha = c.sha
            LEFT JOIN uploads u ON u.job_id = j.id
            GROUP BY c.sha, c.at, j.id, j.job_name
            ORDER BY c.at DESC, j.job_name, j.id
            """, logger: logger)
        var out: [GridCell] = []
        for try await r in rows.decode((String, Date, Int64, String, Int64, Int64, Int64, Int64).self) {
            out.append(
                GridCell(
                    sha: r.0, at: r.1, jobID: r.2, jobName: r.3, tests: Int(r.4), failed: Int(r.5), passed: Int(r.6),
                    pending: Int(r.7)))
        }
        return out
    }

    /// A test's identity: repo, file, classname, name; `nil` when there is no such test.
    public func testIdentity(id: Int64) async throws -> (repo: String, file: String, classname: String, name: String)? {
        let rows = try await client.query(
            "SELECT repo, file, classname, name FROM tests WHERE id = \(id)", logger: logger)
        for try await r in rows.decode((String, String, String, String).self) { return r }
        return nil
    }
}
