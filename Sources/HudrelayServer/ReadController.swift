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
        guard let raw = q.get("limit") else { return 50 }
        guard let n = Int(raw), (1...1000).contains(n) else {
            throw Problem.badRequest("bad_limit", "limit must be 1 to 1000, got \(raw)")
        }
        return n
    }

    static func page<T: Encodable>(_ items: [T], next: String?) throws -> Response {
        let data = try encoder.encode(ListPage(items: items, next: next))
        return JSONResponse.make(String(decoding: data, as: UTF8.self))
    }

    @Sendable func jobs(_ request: Request, context: Context) async throws -> Response {
        let q = request.uri.queryParameters
        var f = JobFilter()
        f.repo = q.get("repo")
        f.sha = q.get("sha")
        if let s = q.get("stage") {
            guard let n = Int(s), (0...4).contains(n) else { throw Problem.badRequest("bad_stage", "stage is 0 to 4") }
            f.stage = n
        }
        if let b = q.get("before") {
            guard let n = Int64(b) else { throw Problem.badRequest("bad_cursor", "before must be a job id") }
            f.before = n
        }
        f.limit = try Self.limit(q)
        let items = try await store.jobs(f)
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
        guard let job = try await store.job(id: id) else { throw Problem.notFound("there is no job \(id)") }
        return JSONResponse.make(String(decoding: try Self.encoder.encode(job), as: UTF8.self))
    }

    @Sendable func results(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.jobID(context)
        let q = request.uri.queryParameters
        let outcome = q.get("outcome")
        let outcomes = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"]
        if let outcome, !outcomes.contains(outcome) {
            throw Problem.badRequest("bad_outcome", "outcome is one of \(outcomes.joined(separator: ", "))")
        }
        var after: (UUID, Int)?
        if let cursor = q.get("after") {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let u = UUID(uuidString: String(parts[0])), let o = Int(parts[1]) else {
                throw Problem.badRequest("bad_cursor", "after is the `next` link's cursor")
            }
            after = (u, o)
        }
        let limit = try Self.limit(q)
        guard try await store.job(id: id) != nil else { throw Problem.notFound("there is no job \(id)") }
        let items = try await store.results(jobID: id, outcome: outcome, after: after, limit: limit)
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
        let q = request.uri.queryParameters
        let text = q.get("q").flatMap { $0.isEmpty ? nil : $0 }
        var after: Int64?
        if let a = q.get("after") {
            guard let n = Int64(a) else { throw Problem.badRequest("bad_cursor", "after must be a test id") }
            after = n
        }
        let limit = try Self.limit(q)
        let items = try await store.tests(matching: text, after: after, limit: limit)
        var next: String?
        if items.count == limit, let last = items.last {
            var params = [("after", String(last.id)), ("limit", String(limit))]
            if let text { params.append(("q", text)) }
            next = "/api/v1/tests?" + Self.query(params)
        }
        return try Self.page(items, next: next)
    }

    static func jobID(_ context: Context) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw) else {
            throw Problem.badRequest("bad_id", "a job id is a number")
        }
        return id
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
