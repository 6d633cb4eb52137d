import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayStore
import Hummingbird
import OpenAPIRuntime

/// The flakiness operations: the flaky list (JSON or CSV), the summary against the target, a
/// test's history and failure clusters.
extension APIHandler {
    func listFlakyTests(_ input: Operations.ListFlakyTests.Input) async throws -> Operations.ListFlakyTests.Output {
        let q = input.query
        let query = FlakyQuery(
            window: q.window, defaultWindow: "14d", repo: q.repo, stage: q.stage, cardType: q.cardType, node: q.node,
            file: q.file, branch: q.branch, arch: q.arch, minFlakyRuns: q.minFlakyRuns, defaults: criteria)
        let sort = q.sort.flatMap { FlakySort(rawValue: $0.rawValue) } ?? .rate
        let limit = q.limit ?? 50
        let offset = q.offset ?? 0
        if let wait = q.wait, wait > 0 { try await AnalysisWait.until(store: store, seconds: wait, analyzed: analyzed) }
        let list = try await FlakyReporter(store: store, criteria: query.criteria).flakyList(query.filter, sort: sort)
        let tests =
            q.group == .generic
            ? FlakyReporter(store: store, criteria: query.criteria).groupedByGeneric(list.tests, sort: sort)
            : list.tests
        // Without an Accept header the generated input lists every type: read the header as sent.
        let accept = try Self.request().headers[.accept] ?? ""
        let wantsCSV = q.format == .csv || (q.format == nil && accept.contains("text/csv"))
        if wantsCSV {
            return .ok(
                .init(
                    headers: .init(contentDisposition: "attachment; filename=\"flaky-\(query.filter.to).csv\""),
                    body: .csv(HTTPBody(FlakyTable.csv(tests)))))
        }
        let items = tests.dropFirst(offset).prefix(limit)
        var next: String?
        if offset + items.count < tests.count {
            let raw = try Self.request().uri.queryParameters
            var params = raw.filter { $0.key != "offset" }.map { (String($0.key), String($0.value)) }
            params.append(("offset", String(offset + items.count)))
            next = Self.link("/api/v1/flaky", params)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: query.filter.from, to: query.filter.to,
                        analyzedThrough: list.freshness.analyzedThroughText,
                        pendingUploads: list.freshness.pendingUploads, total: tests.count,
                        items: items.map(Components.Schemas.FlakyTest.init), next: next))))
    }

    func flakySummary(_ input: Operations.FlakySummary.Input) async throws -> Operations.FlakySummary.Output {
        let q = input.query
        let query = FlakyQuery(
            window: q.window, defaultWindow: "30d", repo: q.repo, stage: q.stage, cardType: q.cardType, node: q.node,
            file: q.file, branch: q.branch, arch: q.arch, minFlakyRuns: q.minFlakyRuns, defaults: criteria)
        if let wait = q.wait, wait > 0 { try await AnalysisWait.until(store: store, seconds: wait, analyzed: analyzed) }
        let summary = try await FlakyReporter(store: store, criteria: query.criteria).summary(query.filter)
        return .ok(.init(body: .json(.init(summary))))
    }

    func testHistory(_ input: Operations.TestHistory.Input) async throws -> Operations.TestHistory.Output {
        let id = Int64(input.path.id)
        let runs = try await store.reads.testHistory(testID: id, limit: input.query.limit ?? 50)
        if runs.isEmpty, !(try await store.reads.testExists(id: id)) {
            throw Problem.notFound("there is no test \(id)")
        }
        return .ok(.init(body: .json(.init(testId: Int(id), items: runs.map(Components.Schemas.TestRun.init)))))
    }

    func failureClusters(_ input: Operations.FailureClusters.Input) async throws -> Operations.FailureClusters.Output {
        let q = input.query
        let query = FlakyQuery(
            window: q.window, defaultWindow: "14d", repo: q.repo, stage: q.stage, cardType: q.cardType, node: q.node,
            file: q.file, branch: q.branch, arch: q.arch, minFlakyRuns: q.minFlakyRuns, defaults: criteria)
        let clusters = try await store.reads.failureClusters(query.filter, limit: q.limit ?? 50)
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: query.filter.from, to: query.filter.to,
                        items: clusters.map(Components.Schemas.FailureCluster.init)))))
    }
}
