import Foundation
import HudrelayScope
import PostgresNIO

extension ScopeStore {
    /// Stores `scope` as the version of `repo` at `sha`, replacing one uploaded for that commit
    /// before, in one transaction: a reader sees the old version or the new, never a part. Its tests
    /// are `COPY`d.
    public func save(repo: String, sha: String, scope: ResolvedScope) async throws -> ScopeRecord {
        let inScope = scope.tests.filter(\.inScope)
        let enabled = inScope.filter(\.enabled).count
        let xfail = inScope.filter { $0.mode?.isXfail == true }.count
        return try await client.withTransaction(logger: logger) { conn in
            let rows = try await conn.query(
                """
                INSERT INTO scopes (repo, sha, population_given, tests, in_scope, enabled, xfail, config_files,
                                    entries_not_collected, unlisted_patterns)
                VALUES (\(repo), \(sha), \(scope.populationGiven), \(scope.tests.count), \(inScope.count), \(enabled),
                        \(xfail), \(scope.configFiles), \(scope.entriesNotCollected), \(scope.unlistedPatterns))
                ON CONFLICT (repo, sha) DO UPDATE SET
                    uploaded_at = now(), population_given = EXCLUDED.population_given, tests = EXCLUDED.tests,
                    in_scope = EXCLUDED.in_scope, enabled = EXCLUDED.enabled, xfail = EXCLUDED.xfail,
                    config_files = EXCLUDED.config_files, entries_not_collected = EXCLUDED.entries_not_collected,
                    unlisted_patterns = EXCLUDED.unlisted_patterns
                RETURNING id, uploaded_at
                """, logger: logger)
            var id: Int64 = 0
            var at = Date()
            for try await (i, t) in rows.decode((Int64, Date).self) { (id, at) = (i, t) }
            try await conn.query("DELETE FROM scope_tests WHERE scope_id = \(id)", logger: logger)
            let columns = ["scope_id", "generic_id", "file", "origin", "mode", "excluded"]
            try await conn.copyFrom(table: "scope_tests", columns: columns, logger: logger) { writer in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(1 << 20)
                for t in scope.tests {
                    CopyText.field(id, into: &bytes)
                    CopyText.field(t.genericID, into: &bytes)
                    CopyText.field(t.file, into: &bytes)
                    CopyText.field(t.origin, into: &bytes)
                    CopyText.field(t.mode?.rawValue, into: &bytes)
                    CopyText.field(t.excluded, into: &bytes, last: true)
                    if bytes.count >= 1 << 20 {
                        try await writer.write(ByteBuffer(bytes: bytes))
                        bytes.removeAll(keepingCapacity: true)
                    }
                }
                if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
            }
            return ScopeRecord(
                id: id, repo: repo, sha: sha, uploadedAt: at, populationGiven: scope.populationGiven,
                tests: scope.tests.count, inScope: inScope.count, enabled: enabled, xfail: xfail,
                configFiles: scope.configFiles, entriesNotCollected: scope.entriesNotCollected,
                unlistedPatterns: scope.unlistedPatterns)
        }
    }

    /// The versions of `repo` (every repository's when `nil`), newest first.
    public func history(repo: String?, limit: Int = 100) async throws -> [ScopeRecord] {
        let rows = try await client.query(
            """
            SELECT id, repo, sha, uploaded_at, population_given, tests, in_scope, enabled, xfail, config_files,
                   entries_not_collected, unlisted_patterns
            FROM scopes WHERE (\(repo)::text IS NULL OR repo = \(repo))
            ORDER BY uploaded_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var out: [ScopeRecord] = []
        for try await r in rows.decode((Int64, String, String, Date, Bool, Int, Int, Int, Int, Int, Int, Int).self) {
            out.append(
                ScopeRecord(
                    id: r.0, repo: r.1, sha: r.2, uploadedAt: r.3, populationGiven: r.4, tests: r.5, inScope: r.6,
                    enabled: r.7, xfail: r.8, configFiles: r.9, entriesNotCollected: r.10, unlistedPatterns: r.11))
        }
        return out
    }

    /// The newest version of `repo`, or `nil`.
    public func latest(repo: String) async throws -> ScopeRecord? {
        try await history(repo: repo, limit: 1).first
    }
}
