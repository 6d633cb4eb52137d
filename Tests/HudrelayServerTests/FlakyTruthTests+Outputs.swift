import Foundation
import HudrelayStore
import Testing

extension FlakyTruthTests {
    /// The endpoints and commands over the truth history.
    static func checkOutputs(_ server: TestServer, url: DatabaseURL) async throws {
        let list = try await server.request(.GET, "/api/v1/flaky?window=14d&sort=flaky_runs")
        #expect(list.status == 200)
        let body = TestServer.json(list.body)
        let items = body["items"] as? [[String: Any]] ?? []
        #expect(!items.isEmpty)
        let keys: Set<String> = [
            "file", "classname", "name", "executed_runs", "flaky_runs", "rate", "rate_low", "rate_high", "flip_rate",
            "evidence", "nodes", "suspect_node", "first_seen", "last_seen", "sample_failure",
        ]
        for item in items { #expect(keys.isSubset(of: Set(item.keys))) }
        let runs = items.compactMap { $0["flaky_runs"] as? Int }
        #expect(runs == runs.sorted(by: >))
        let dma = try #require(items.first { $0["name"] as? String == "test_node_dma" })
        #expect(dma["suspect_node"] as? String == "aiu-node-3")
        #expect((dma["classname"] as? String) == "test_truth.TestCollectives")

        let csv = try await server.request(.GET, "/api/v1/flaky", headers: [("Accept", "text/csv")])
        #expect(csv.status == 200)
        let lines = csv.body.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("file,classname,name,executed_runs,flaky_runs,rate") == true)
        #expect(lines.count == items.count + 1)

        let bad = try await server.request(.GET, "/api/v1/flaky?window=fortnight")
        #expect(bad.status == 400)
        #expect(bad.headers.contains { $0.0.lowercased() == "content-type" && $0.1.contains("problem+json") })

        let summary = TestServer.json(try await server.request(.GET, "/api/v1/flaky/summary?window=30d").body)
        let overall = summary["overall"] as? [String: Any] ?? [:]
        #expect(overall["executed_tests"] as? Int == 32)
        #expect(overall["over_target"] as? Bool == true)
        #expect((summary["trend"] as? [Any])?.isEmpty == false)

        let id = try #require(dma["id"] as? Int)
        let history = TestServer.json(try await server.request(.GET, "/api/v1/tests/\(id)/history?limit=100").body)
        let runsOfDMA = history["items"] as? [[String: Any]] ?? []
        #expect(runsOfDMA.count == FlakyHistory.jobs)
        #expect(runsOfDMA.filter { $0["flaky"] as? Bool == true }.allSatisfy { $0["node"] as? String == "aiu-node-3" })
        #expect(try await server.request(.GET, "/api/v1/tests/1/history").status == 404)

        // Every always-failing run (2 tests × 39 healthy jobs) is one cluster: numbers normalized.
        let clusters = TestServer.json(try await server.request(.GET, "/api/v1/failures/clusters?window=14d").body)
        let top = (clusters["items"] as? [[String: Any]])?.first ?? [:]
        #expect(top["runs"] as? Int == 2 * (FlakyHistory.jobs - 1))
        #expect(top["tests"] as? Int == 2)
        #expect((top["signature"] as? String)?.contains("expected <n> but got <n>") == true)

        let disabled = try await server.request(.GET, "/api/v1/disabled-tests?card_type=spyre")
        let entries = TestServer.json(disabled.body)
        #expect(entries["test_node_dma (__main__.TestCollectives)"] != nil)
        #expect(entries.keys.allSatisfy { !$0.hasPrefix("test_stable") && !$0.hasPrefix("test_always") })

        // The CLI reads the same database.
        let db = "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)"
        let issue = try await run(["flaky", "--database-url", db, "--issue", "TestCollectives::test_node_dma"])
        #expect(issue.status == 0)
        #expect(issue.out.hasPrefix("DISABLED test_node_dma (__main__.TestCollectives)\n"))
        #expect(issue.out.contains("Platforms: spyre"))
        #expect(issue.out.contains("aiu-node-3"))
        let json = try await run(["flaky", "--database-url", db, "--format", "json"])
        #expect(json.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]]
        #expect(parsed?.count == items.count)
        let missing = try await run(["flaky", "--database-url", db, "--issue", "test_stable[1]"])
        #expect(missing.status == 1)
        #expect(missing.err.split(separator: "\n").count == 1)
    }

    /// Runs the `hudrelay` binary; returns its exit status, stdout and stderr.
    static func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (out, err) = (dir.appendingPathComponent("out").path, dir.appendingPathComponent("err").path)
        let status = try await offPool {
            try Subprocess.run(CLIBinary.url.path, arguments, outputFile: out, errorFile: err)
        }
        return (
            status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        )
    }
}
