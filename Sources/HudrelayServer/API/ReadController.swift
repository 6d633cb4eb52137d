import Foundation
import HudrelayStore
import Hummingbird
import HummingbirdCore

/// The public read endpoints (no token): jobs, a job's results, tests. Lists return
/// `{"items": [...], "next": URL or null}`.
struct ReadController<Context: RequestContext>: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("jobs", use: jobs)
        group.get("jobs/:id", use: job)
        group.get("jobs/:id/results", use: results)
        group.get("tests", use: tests)
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = .sortedKeys
        return e
    }

    static func limit(_ q: FlatDictionary<Substring, Substring>) throws -> Int {
        try QueryReader(q).limit()
    }

    static func page<T: Encodable>(_ items: [T], next: String?) throws -> Response {
        let data = try encoder.encode(ListPage(items: items, next: next))
        return JSONResponse.make(String(decoding: data, as: UTF8.self))
    }

    @Sendable func jobs(_ request: Request, context: Context) async throws -> Response {
        let q = QueryReader(request.formQuery)
        var f = JobFilter()
        f.repo = q.text("repo")
        f.sha = q.text("sha")
        f.stage = try q.int("stage", 0...4, code: "bad_stage")
        f.before = try q.int("before", 1...Int64.max, code: "bad_cursor")
        f.limit = try q.limit()
        let items = try await store.reads.jobs(f)
        var next: String?
        if items.count == f.limit, let last = items.last {
            var params = [("before", String(last.id)), ("limit", String(f.limit))]
            if let r = f.repo { params.append(("repo", r)) }
            if let s = f.sha { params.append(("sha", s)) }
            if let s = f.stage { params.append(("stage", String(s))) }
            next = "/api/v1/jobs?" + Self.query(params)
        }
        return try Self.page(items, next: next)
    }

    @Sendable func job(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.jobID(context)
        guard let job = try await store.reads.job(id: id) else { throw Problem.notFound("there is no job \(id)") }
        return JSONResponse.make(String(decoding: try Self.encoder.encode(job), as: UTF8.self))
    }

    @Sendable func results(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.jobID(context)
        let q = QueryReader(request.formQuery)
        let outcome = try q.choice(
            "outcome", ["passed", "failed", "error", "skipped", "xfailed", "xpassed"], code: "bad_outcome")
        let after = try q.raw("after").map(Self.resultCursor)
        let limit = try q.limit()
        guard try await store.reads.job(id: id) != nil else { throw Problem.notFound("there is no job \(id)") }
        let items = try await store.reads.results(jobID: id, outcome: outcome, after: after, limit: limit)
        var next: String?
        if items.count == limit, let last = items.last {
            var params = [
                ("after", "\(last.uploadID.uuidString.lowercased()).\(last.ordinal)"), ("limit", String(limit)),
            ]
            if let outcome { params.append(("outcome", outcome)) }
            next = "/api/v1/jobs/\(id)/results?" + Self.query(params)
        }
        return try Self.page(items, next: next)
    }

    @Sendable func tests(_ request: Request, context: Context) async throws -> Response {
        let q = QueryReader(request.formQuery)
        let text = q.text("q")
        let after = try q.int("after", 0...Int64.max, code: "bad_cursor")
        let limit = try q.limit()
        let items = try await store.reads.tests(matching: text, after: after, limit: limit)
        var next: String?
        if items.count == limit, let last = items.last {
            var params = [("after", String(last.id)), ("limit", String(limit))]
            if let text { params.append(("q", text)) }
            next = "/api/v1/tests?" + Self.query(params)
        }
        return try Self.page(items, next: next)
    }

    static func jobID(_ context: Context) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = QueryReader.integer(raw), id >= 1 else {
            throw Problem.badRequest("bad_id", "a job id is a whole number from 1 to \(Int64.max)")
        }
        return id
    }

    /// The `after` cursor of a job's results: an upload id, a dot and an ordinal (up to 9 digits),
    /// as the `next` link writes it.
    static func resultCursor(_ raw: String) throws -> (UUID, Int) {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 36, let upload = UUID(uuidString: String(parts[0])),
            (1...9).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy({ (48...57).contains($0) }),
            let ordinal = Int(parts[1])
        else {
            throw Problem.badRequest(
                "bad_cursor",
                "after is the next link's cursor (an upload id, a dot and an ordinal), got '\(QueryReader.shown(raw))'")
        }
        return (upload, ordinal)
    }

    static func query(_ params: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return params.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }
}

/// A page of a list: `{"items": [...], "next": URL or null}`.
struct ListPage<Item: Encodable>: Encodable {
    var items: [Item]
    var next: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }

    enum Keys: String, CodingKey { case items, next }
}
