import Foundation
import HudrelayFlaky
import HudrelayServer
import HudrelayStore
import Testing

/// The analyzer against known truth: real pytest runs with injected flakes, uploaded over HTTP,
/// processed by the workers and analyzed, then compared with what the plugin injected.
@Suite("Flakiness against known truth", .serialized, .timeLimit(.minutes(20)))
struct FlakyTruthTests {
    @Test("injected flakes are found, failing tests are not, node-only flakes point at their node")
    func truth() async throws {
        let history = try await FlakyHistory.make()
        defer { try? FileManager.default.removeItem(at: history.dir) }
        try await TestDatabase.withStore { store, url in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            try await TestServer.with(store: store, workers: 2) { server in
                _ = try await history.upload(to: server, token: token)
                try await FlakyHistory.settle(store)

                let reporter = FlakyReporter(store: store)
                let k = reporter.criteria.minFlakyRuns
                let found = try await reporter.flakyTests(FlakyFilter(days: 14))
                let foundNames = Set(found.map(\.aggregate.name))
                let truth = history.injected.filter { $0.value.count >= 3 }.keys
                let truthK = Set(history.injected.filter { $0.value.count >= k }.keys)
                let spec =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: FlakyHistory.fixtures.appendingPathComponent("truth.json")))
                    as! [String: [String: Any]]

                // Recall: every injected flaky test with at least 3 flaky runs is found.
                for name in truth { #expect(foundNames.contains(name), "missed \(name)") }
                // Precision: nothing is found that was not injected at least k times.
                #expect(foundNames.isSubset(of: truthK), "found \(foundNames.subtracting(truthK))")
                #expect(!foundNames.contains("test_always_fails"))
                #expect(!foundNames.contains("test_always_fails_too"))
                #expect(!foundNames.contains { $0.hasPrefix("test_stable") })
                // Each flaky test's flaky runs are exactly the injected ones.
                for t in found {
                    #expect(t.aggregate.flaky == history.injected[t.aggregate.name]?.count, "\(t.aggregate.name)")
                    #expect(t.rateLow <= t.rate && t.rate <= t.rateHigh)
                }
                // Node-only flakes name their node; flakes everywhere name none.
                for t in found {
                    let kind = spec[t.aggregate.name]?["kind"] as? String
                    if kind == "node" {
                        #expect(t.suspectNode == "aiu-node-3", "\(t.aggregate.name): \(t.nodes)")
                    } else {
                        #expect(t.suspectNode == nil, "\(t.aggregate.name): \(String(describing: t.suspectNode))")
                    }
                }
                // The jobs without reruns leave their flakes as failures that same-commit evidence finds.
                #expect(found.contains { $0.aggregate.sameCommit > 0 })
                #expect(found.contains { $0.aggregate.retry > 0 })

                // The headline share is the injected share: 32 executed tests (one is skipped).
                let summary = try await reporter.summary(FlakyFilter(days: 30))
                #expect(summary.overall.executedTests == 32)
                #expect(summary.overall.flakyTests == truthK.count)
                #expect(summary.overall.failingTests == 2)
                #expect(summary.incidents.map(\.jobName) == ["job\(FlakyHistory.brokenJob)"])
                #expect(summary.byNode.count == 4)

                let tp = foundNames.intersection(truth).count
                let precision = found.isEmpty ? 1 : Double(foundNames.intersection(truthK).count) / Double(found.count)
                let recall = truth.isEmpty ? 1 : Double(tp) / Double(truth.count)
                try await Self.checkOutputs(server, url: url)

                // Rebuilding everything set-based gives the same rollups as the per-job analysis.
                let checksum = """
                    SELECT ('x' || left(md5(coalesce(string_agg(
                        concat_ws('|', day, test_id, stage, card_type, node, branch, executed, flaky, retry, file_rerun,
                                  same_commit, failed), ',' ORDER BY day, test_id, stage, card_type, node, branch), '')),
                        15))::bit(60)::int8 FROM flaky_daily
                    """
                let totals = "SELECT sum(executed * 7 + flaky * 3 + failed)::int8 FROM flaky_daily_totals"
                let (before, beforeTotals) = (
                    try await TestDatabase.scalar(store, checksum), try await TestDatabase.scalar(store, totals)
                )
                _ = try await store.analysis.rebuildAnalysis(settings: AnalysisSettings())
                #expect(try await TestDatabase.scalar(store, checksum) == before)
                #expect(try await TestDatabase.scalar(store, totals) == beforeTotals)
                print(
                    "flaky truth: found \(found.count), injected (>= 3 runs) \(truth.count), precision \(precision), "
                        + "recall \(recall), share \(summary.overall.share)")
            }
        }
    }
}
