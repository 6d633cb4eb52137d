import Foundation
import HudrelayStore
import PostgresNIO
import Testing

/// Every panel of every dashboard in `dashboards/` runs against a seeded database, with Grafana's
/// macros and the dashboards' variables substituted as Grafana's PostgreSQL data source does.
@Suite("Grafana dashboards", .serialized, .timeLimit(.minutes(10)))
struct GrafanaTests {
    static let dir = TestDatabase.repoRoot.appendingPathComponent("dashboards")

    /// Grafana's PostgreSQL macros for a fixed range.
    static func expand(_ sql: String, variables: [String: String]) -> String {
        var out = sql
        func replaceCalls(_ name: String, _ body: ([String]) -> String) {
            while let start = out.range(of: name + "(") {
                var depth = 1
                var i = start.upperBound
                var args: [String] = []
                var current = ""
                while depth > 0, i < out.endIndex {
                    let ch = out[i]
                    if ch == "(" { depth += 1 }
                    if ch == ")" { depth -= 1 }
                    if depth == 1 && ch == "," {
                        args.append(current)
                        current = ""
                    } else if depth > 0 {
                        current.append(ch)
                    }
                    i = out.index(after: i)
                }
                args.append(current)
                out.replaceSubrange(
                    start.lowerBound..<i, with: body(args.map { $0.trimmingCharacters(in: .whitespaces) }))
            }
        }
        func seconds(_ interval: String) -> Int {
            let v = interval.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            let n = Int(v.dropLast()) ?? 1
            return n * (["s": 1, "m": 60, "h": 3600, "d": 86400][v.last.map(String.init) ?? "s"] ?? 1)
        }
        let (from, to) = ("'2020-01-01T00:00:00Z'", "'2100-01-01T00:00:00Z'")
        replaceCalls("$__timeGroupAlias") { a in
            "to_timestamp(floor(extract(epoch from \(a[0])) / \(seconds(a[1]))) * \(seconds(a[1]))) AS \"time\""
        }
        replaceCalls("$__timeGroup") { a in
            "to_timestamp(floor(extract(epoch from \(a[0])) / \(seconds(a[1]))) * \(seconds(a[1])))"
        }
        replaceCalls("$__timeFilter") { a in "\(a[0]) BETWEEN \(from) AND \(to)" }
        out = out.replacingOccurrences(of: "$__timeFrom()", with: from)
        out = out.replacingOccurrences(of: "$__timeTo()", with: to)
        for (name, value) in variables.sorted(by: { $0.key.count > $1.key.count }) {
            out = out.replacingOccurrences(of: "${\(name)}", with: value).replacingOccurrences(
                of: "$\(name)", with: value)
        }
        return out
    }

    /// Every panel (rows' panels too).
    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        (dashboard["panels"] as? [[String: Any]] ?? []).flatMap { p in [p] + (p["panels"] as? [[String: Any]] ?? []) }
    }

    static func rows(_ store: Store, _ sql: String) async throws -> Int {
        let result = try await store.client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        var n = 0
        for try await _ in result { n += 1 }
        return n
    }

    /// A scope at a commit of the seeded repository: every generic test its stage-1 jobs ran,
    /// enabled by its file's `unlisted_test_mode`, and one more that never ran.
    /// Returns the population's size and how many of it ran.
    static func seedScope(_ server: TestServer, token: String) async throws -> (population: Int, ran: Int) {
        var ran: [(String, String)] = []
        let rows = try await server.store.client.query(
            "SELECT DISTINCT repo, generic_id FROM stage_tests ORDER BY generic_id", logger: TestDatabase.logger)
        for try await row in rows.decode((String, String).self) { ran.append(row) }
        let repo = try #require(ran.first?.0, "the seeded jobs left no stage rollups")
        let ids = ran.map(\.1) + [ran[0].1.split(separator: ":")[0] + "::TestNeverRun::test_never"]
        let files = Set(ids.map { String($0.split(separator: ":")[0]) }).sorted()
        let config =
            "test_suite_config:\n  files:\n"
            + files.map { "    - path: ${TORCH_ROOT}/\($0)\n      unlisted_test_mode: mandatory_success\n" }.joined()
        let body: [String: Any] = [
            "repo": repo, "sha": String(repeating: "b", count: 40), "configs": [["path": "all.yaml", "text": config]],
            "population": ids.joined(separator: "\n"),
        ]
        let up = try await server.request(
            .POST, "/api/v1/scopes", body: Array(try JSONSerialization.data(withJSONObject: body)),
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")])
        try #require(up.status == 201, "\(up.body)")
        return (ids.count, ran.count)
    }

    @Test("every panel's SQL runs against a seeded database, and the main panels find data")
    func panelsRun() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.dir.path).filter { $0.hasSuffix(".json") }
        try #require(files.count >= 2)
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            let scope = try await TestServer.with(store: store) { server in
                try await PublishFixtures.seedFlakyJobs(server, token: token)
                return try await Self.seedScope(server, token: token)
            }
            var checked = 0
            for file in files.sorted() {
                let data = try Data(contentsOf: Self.dir.appendingPathComponent(file))
                let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file)")
                #expect(dashboard["uid"] is String && dashboard["title"] is String, "\(file)")
                // The variables' values, from their own queries, quoted as Grafana quotes a multi-value list.
                var variables: [String: String] = [:]
                let templating = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
                for v in templating {
                    let name = try #require(v["name"] as? String)
                    let query = try #require(v["query"] as? String)
                    let result = try await store.client.query(
                        PostgresQuery(unsafeSQL: query), logger: TestDatabase.logger)
                    var values: [String] = []
                    for try await value in result.decode(String.self) { values.append("'\(value)'") }
                    #expect(!values.isEmpty, "\(file): variable \(name) has no values")
                    variables[name] = values.isEmpty ? "''" : values.joined(separator: ",")
                }
                for panel in Self.panels(dashboard) {
                    let title = panel["title"] as? String ?? "?"
                    for target in panel["targets"] as? [[String: Any]] ?? [] {
                        guard let sql = target["rawSql"] as? String else { continue }
                        let expanded = Self.expand(sql, variables: variables)
                        #expect(!expanded.contains("$"), "\(file) / \(title): a macro left: \(expanded)")
                        do {
                            let n = try await Self.rows(store, expanded)
                            let mustFind = [
                                "Flaky share per stage", "Flaky runs per node", "Top flaky tests", "Reports received",
                                "Queue depth", "Deliveries to PyTorch HUD", "Coverage of in-scope tests",
                                "Coverage per stage",
                                "Runs per stage",
                            ]
                            if mustFind.contains(where: title.hasPrefix) {
                                #expect(n > 0, "\(file) / \(title): no rows")
                            }
                            if title == "Coverage per stage (range)" {
                                // One stage ran every test of the population but the one added.
                                let figures = try await store.client.query(
                                    PostgresQuery(
                                        unsafeSQL: "SELECT population, enabled, covered FROM (\(expanded)) t"),
                                    logger: TestDatabase.logger)
                                var seen: [[Int]] = []
                                for try await (p, e, c) in figures.decode((Int, Int, Int).self) {
                                    seen.append([p, e, c])
                                }
                                #expect(
                                    seen == [[scope.population, scope.population, scope.ran]], "\(file) / \(title)")
                            }
                            checked += 1
                        } catch {
                            Issue.record("\(file) / \(title): \(String(reflecting: error))")
                        }
                    }
                }
            }
            #expect(checked >= 12)
        }
    }
}
