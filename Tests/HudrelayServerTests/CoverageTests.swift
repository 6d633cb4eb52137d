import Foundation
import HudrelayScope
import HudrelayServer
import HudrelayStore
import Testing

/// Scopes uploaded over HTTP with the real torch-spyre configs and a population of our own, and
/// reports made by real pytest: coverage per stage with exact figures (docs/coverage.md).
@Suite("Coverage of in-scope tests", .serialized, .timeLimit(.minutes(10)))
struct CoverageTests {
    /// The real configs, copied into the repository (Tests/Fixtures/README.md).
    static let configs = TestDatabase.repoRoot.appendingPathComponent("Tests/Fixtures/torch-spyre-configs")
        .standardizedFileURL

    /// Our own config for the fixture's file: three tests enabled, one expected to fail.
    static let own = """
        test_suite_config:
          labels: [smoke]
          files:
            - path: ${TORCH_ROOT}/test/test_binary_ufuncs.py
              unlisted_test_mode: skip
              tests:
                - names: [TestBinaryUfuncs::test_add, TestBinaryUfuncs::test_sub, TestBinaryUfuncs::test_mul]
                - names: [TestBinaryUfuncs::test_div]
                  mode: xfail
        """

    /// The population: what `pytest --collect-only -q` lists (instantiated ids of one generic test
    /// are one), plus a CUDA-specific file the default exclusions put out of scope.
    static let population = """
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_add_privateuse1_float16
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_add_privateuse1_float32
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_sub_privateuse1_float16
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_mul_privateuse1_float16
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_div_privateuse1_float16
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_device_only_privateuse1
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_scalar_support_privateuse1_float16
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_contig_vs_transposed_privateuse1
        test/test_binary_ufuncs.py::TestBinaryUfuncsPRIVATEUSE1::test_never_listed_privateuse1
        test/test_ops.py::TestCommon::test_compare_cpu
        test/test_cuda.py::TestCuda::test_graph_capture

        11 tests collected in 0.42s
        """

    static func body(extra: [(String, String)] = []) throws -> [UInt8] {
        var list: [[String: String]] = []
        let files = FileManager.default.enumerator(atPath: configs.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") }.sorted()
        for f in files {
            list.append([
                "path": f, "text": try String(contentsOf: Self.configs.appendingPathComponent(f), encoding: .utf8),
            ])
        }
        list.append(["path": "own/test_binary_ufuncs.yaml", "text": own])
        for (p, t) in extra { list.append(["path": p, "text": t]) }
        let object: [String: Any] = [
            "repo": "ibm/torch-spyre", "sha": String(repeating: "a", count: 40), "configs": list,
            "population": population,
        ]
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    @Test("a scope from the real configs and our population; real pytest runs of stage 1: exact coverage")
    func coverage() async throws {
        let history = try await TorchSpyreHistory.make()
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store) { server in
                let auth = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
                // Stages: the seed's table.
                let stages = TestServer.json(try await server.request(.GET, "/api/v1/stages").body)
                let items = stages["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["id"] as? Int } == [0, 1, 2, 3, 4])
                #expect(items[1]["cadence"] as? String == "nightly" && items[1]["target"] as? Double == 0.05)

                // A malformed config: one error with file, line and column; nothing stored.
                let bad = try await server.request(
                    .POST, "/api/v1/scopes",
                    body: try Self.body(extra: [("broken.yaml", "test_suite_config:\n  files:\n    - path: [x\n")]),
                    headers: auth)
                #expect(bad.status == 400, "\(bad.body)")
                let detail = TestServer.json(bad.body)["detail"] as? String ?? ""
                #expect(detail.hasPrefix("broken.yaml:4:1: ") || detail.hasPrefix("broken.yaml:3:"), "\(detail)")
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM scopes") == 0)

                let up = try await server.request(.POST, "/api/v1/scopes", body: try Self.body(), headers: auth)
                #expect(up.status == 201, "\(up.body)")
                let scope = TestServer.json(up.body)

                // A stage the stages file does not declare is refused.
                let undeclared = try await server.request(
                    .POST, TorchSpyreHistory.query(1).replacingOccurrences(of: "stage=1", with: "stage=9"),
                    body: try history.report(1), headers: [auth[0]])
                #expect(undeclared.status == 400 && undeclared.body.contains("stage 9 is not declared"))

                for j in 1...TorchSpyreHistory.jobs {
                    let r = try await server.request(
                        .POST, TorchSpyreHistory.query(j), body: try history.report(j), headers: [auth[0]])
                    try #require(r.status == 202, "job \(j): \(r.body)")
                }
                try await FlakyHistory.settle(store)

                let c = TestServer.json(
                    try await server.request(.GET, "/api/v1/coverage?repo=ibm/torch-spyre&stage=1&window=7d").body)
                let files = Dictionary(
                    ((c["files"] as? [[String: Any]]) ?? []).map { ($0["file"] as? String ?? "", $0) }
                ) { a, _ in a }
                let ufuncs = files["test/test_binary_ufuncs.py"] ?? [:]
                // add, sub, mul, div, device_only, scalar_support, contig_vs_transposed, never_listed.
                #expect(ufuncs["population"] as? Int == 8)
                // add, sub, mul (ours), scalar_support, contig_vs_transposed (the real example config).
                #expect(ufuncs["enabled"] as? Int == 5)
                #expect(ufuncs["covered"] as? Int == 3, "the fixture runs add, sub and mul of them")
                #expect(ufuncs["xfail"] as? Int == 1)
                // test_ops.py is collected: only the population's test counts, not the config's names.
                #expect(files["test/test_ops.py"]?["population"] as? Int == 1)
                #expect(scope["entries_not_collected"] as? Int ?? 0 > 0)
                #expect(files["test/test_cuda.py"]?["population"] as? Int == 0, "excluded: CUDA-specific")
                let population = c["population"] as? Int ?? 0
                #expect(population == scope["population"] as? Int)
                #expect(c["enabled"] as? Int == scope["enabled"] as? Int)
                #expect(c["covered"] as? Int == 3)
                let coverage = c["coverage"] as? Double ?? -1
                #expect(abs(coverage - 3.0 / Double(population)) < 1e-9)
                #expect(c["target"] as? Double == 0.05)
                #expect(c["meets_target"] as? Bool == (coverage >= 0.05))
                #expect(c["enabled_not_run_count"] as? Int == (c["enabled"] as? Int ?? 0) - 3)
                let notRun = c["enabled_not_run"] as? [String] ?? []
                #expect(notRun.count == min(50, c["enabled_not_run_count"] as? Int ?? 0) && notRun == notRun.sorted())
                // div (xfail), device_only (unlisted: skip) and compare_cpu ran, but no config enables them.
                #expect(
                    Set(c["run_not_in_config"] as? [String] ?? []) == [
                        "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_div",
                        "test/test_binary_ufuncs.py::TestBinaryUfuncs::test_device_only",
                        "test/test_ops.py::TestCommon::test_compare_cpu",
                    ])
                let days = c["by_day"] as? [[String: Any]] ?? []
                #expect(days.count == 7)
                #expect(days.last?["runs"] as? Int == 10 && days.last?["covered"] as? Int == 3)
                // Stage 2 ran nothing; without stage= every stage is listed.
                let all = TestServer.json(try await server.request(.GET, "/api/v1/coverage?repo=ibm/torch-spyre").body)
                let list = all["stages"] as? [[String: Any]] ?? []
                #expect(list.count == 5)
                #expect(list[2]["covered"] as? Int == 0 && list[1]["covered"] as? Int == 3)

                // The page: one card per stage, coverage against the target, linked from the overview.
                let page = try await server.request(.GET, "/stages?repo=ibm/torch-spyre")
                #expect(page.status == 200)
                for stage in 0...4 { #expect(page.body.contains("<h2>Stage \(stage)</h2>")) }
                let pct = String(format: "%.1f%%", coverage * 100)
                #expect(page.body.contains("coverage \(pct) (3 of \(population) tests"), "\(page.body)")
                #expect(page.body.contains((coverage >= 0.05 ? "✓ meets target" : "✗ under target")))
                #expect(try await server.request(.GET, "/").body.contains("href=\"/stages\""))
            }
        }
    }
}
