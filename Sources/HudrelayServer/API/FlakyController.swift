import Foundation
import HudrelayFlaky
import HudrelayStore
import Hummingbird
import HummingbirdCore

/// The flakiness endpoints (public, no token): the flaky list (JSON or CSV), the summary against
/// the target, a test's history, failure clusters, and PyTorch's disabled-tests file.
struct FlakyController<Context: RequestContext>: Sendable {
    let store: Store
    let criteria: FlakyCriteria
    let publicURL: String
    /// Signalled by this process's analyzer after each job (for `?wait=`).
    var analyzed: Wakeup? = nil

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("flaky", use: flaky)
        group.get("flaky/summary", use: summary)
        group.get("tests/:id/history", use: history)
        group.get("failures/clusters", use: clusters)
        group.get("disabled-tests", use: disabledTests)
    }

    @Sendable func flaky(_ request: Request, context: Context) async throws -> Response {
        let q = request.formQuery
        let reader = QueryReader(q)
        let query = try FlakyQuery(q, defaults: criteria)
        let sort =
            try reader.choice("sort", FlakySort.allCases.map(\.rawValue), code: "bad_sort")
            .flatMap(FlakySort.init(rawValue:)) ?? .rate
        let format = try reader.choice("format", ["json", "csv"], code: "bad_format")
        let limit = try reader.limit()
        let offset = try reader.int("offset", 0...Int(Int32.max), code: "bad_offset") ?? 0
        let wait = try reader.int("wait", 0...AnalysisWait.maxSeconds, code: "bad_wait") ?? 0
        if wait > 0 { try await AnalysisWait.until(store: store, seconds: wait, analyzed: analyzed) }
        let list = try await FlakyReporter(store: store, criteria: query.criteria).flakyList(query.filter, sort: sort)
        let tests = list.tests
        let wantsCSV =
            format == "csv" || (format == nil && (request.headers[.accept].map { $0.contains("text/csv") } ?? false))
        if wantsCSV {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"flaky-\(query.filter.to).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: FlakyTable.csv(tests))))
        }
        let items = tests.dropFirst(offset).prefix(limit)
        var next: String?
        if offset + items.count < tests.count {
            var params = q.filter { $0.key != "offset" }.map { (String($0.key), String($0.value)) }
            params.append(("offset", String(offset + items.count)))
            next = "/api/v1/flaky?" + ReadController<Context>.query(params)
        }
        var w = JSONWriter()
        w.add("from", query.filter.from)
        w.add("to", query.filter.to)
        list.freshness.write(into: &w)
        w.add("total", tests.count)
        w.addRaw("items", JSONWriter.array(items.map(\.json)))
        w.add("next", next)
        return JSONResponse.make(w.finish())
    }

    @Sendable func summary(_ request: Request, context: Context) async throws -> Response {
        let query = try FlakyQuery(request.formQuery, defaults: criteria, defaultWindow: "30d")
        let wait = try QueryReader(request.formQuery).int("wait", 0...AnalysisWait.maxSeconds, code: "bad_wait") ?? 0
        if wait > 0 { try await AnalysisWait.until(store: store, seconds: wait, analyzed: analyzed) }
        let summary = try await FlakyReporter(store: store, criteria: query.criteria).summary(query.filter)
        return JSONResponse.make(summary.json)
    }

    @Sendable func history(_ request: Request, context: Context) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(QueryReader.integer), id >= 0 else {
            throw Problem.badRequest("bad_id", "a test id is a whole number from 0 to \(Int64.max)")
        }
        let limit = try ReadController<Context>.limit(request.formQuery)
        let runs = try await store.reads.testHistory(testID: id, limit: limit)
        if runs.isEmpty, !(try await store.reads.testExists(id: id)) {
            throw Problem.notFound("there is no test \(id)")
        }
        let items = runs.map { r in
            var w = JSONWriter()
            w.add("job_id", Int(r.jobID))
            w.add("job", r.jobName)
            w.add("sha", r.sha)
            w.add("branch", r.branch)
            w.add("node", r.node)
            w.add("card_type", r.cardType)
            w.add("stage", r.stage < 0 ? nil : r.stage)
            w.add("outcome", r.outcome)
            w.add("failed_attempts", r.failedAttempts)
            w.addRaw("evidence", JSONWriter.array(r.evidence.map { "\"\($0)\"" }))
            w.add("flaky", !r.evidence.isEmpty)
            w.add("infra_incident", r.infra)
            w.add("at", r.at)
            w.add("message", r.message)
            return w.finish()
        }
        var w = JSONWriter()
        w.add("test_id", Int(id))
        w.addRaw("items", JSONWriter.array(items))
        return JSONResponse.make(w.finish())
    }

    @Sendable func clusters(_ request: Request, context: Context) async throws -> Response {
        let q = request.formQuery
        let query = try FlakyQuery(q, defaults: criteria)
        let clusters = try await store.reads.failureClusters(query.filter, limit: try ReadController<Context>.limit(q))
        let items = clusters.map { c in
            var w = JSONWriter()
            w.add("signature", c.signature)
            w.add("sample", c.sample)
            w.add("runs", c.runs)
            w.add("tests", c.tests)
            w.addRaw("nodes", Self.strings(c.nodes))
            w.addRaw("sample_tests", Self.strings(c.sampleTests))
            return w.finish()
        }
        var w = JSONWriter()
        w.add("from", query.filter.from)
        w.add("to", query.filter.to)
        w.addRaw("items", JSONWriter.array(items))
        return JSONResponse.make(w.finish())
    }

    static func strings(_ values: [String]) -> String {
        JSONWriter.array(
            values.map { v in
                var s = ""
                JSONWriter.quote(v, into: &s)
                return s
            })
    }

    @Sendable func disabledTests(_ request: Request, context: Context) async throws -> Response {
        let q = request.formQuery
        var disabled = DisabledTests()
        disabled.criteria = criteria
        disabled.publicURL = publicURL
        let entries = try await disabled.entries(
            store: store, repo: FlakyQuery.value(q, "repo"), cardType: FlakyQuery.value(q, "card_type"))
        return JSONResponse.make(DisabledTests.json(entries))
    }
}
