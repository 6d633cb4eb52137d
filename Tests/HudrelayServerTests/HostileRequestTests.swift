import Foundation
import HudrelayStore
import Hummingbird
import NIOHTTP1
import Testing

@testable import HudrelayServer

/// What fuzzing found, each as a real HTTP request: every one gets a 4xx problem naming the
/// parameter (never a 500), undeclared methods get 405 with `Allow`, and ids are lower case.
@Suite("Hostile requests", .serialized, .timeLimit(.minutes(10)))
struct HostileRequestTests {
    /// Expects a problem with `status` and `code` whose detail mentions `names`.
    static func expectProblem(
        _ r: (status: Int, headers: [(String, String)], body: String), _ status: Int, _ code: String,
        naming names: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == status, "\(r.body)", sourceLocation: sourceLocation)
        let type = r.headers.first { $0.0.lowercased() == "content-type" }?.1
        #expect(type == "application/problem+json", sourceLocation: sourceLocation)
        let problem = TestServer.json(r.body)
        #expect(problem["code"] as? String == code, "\(r.body)", sourceLocation: sourceLocation)
        if let names {
            let detail = problem["detail"] as? String ?? ""
            #expect(detail.contains(names), "\(detail)", sourceLocation: sourceLocation)
        }
    }

    @Test("NUL bytes, invalid UTF-8 and repeated parameters are 400s naming the parameter")
    func hostileQueries() async throws {
        try await TestDatabase.withStore { store, _ in
            try await TestServer.with(store: store, workers: 0) { server in
                // PostgreSQL refuses NUL in text: this was a 500.
                Self.expectProblem(
                    try await server.request(.GET, "/api/v1/tests?q=a%00b"), 400, "bad_parameter", naming: "q")
                Self.expectProblem(
                    try await server.request(.GET, "/api/v1/jobs?sha=x%00&before=1658588"), 400, "bad_parameter",
                    naming: "sha")
                Self.expectProblem(
                    try await server.request(.GET, "/api/v1/flaky?node=%FF%FE"), 400, "bad_parameter", naming: "node")
                Self.expectProblem(
                    try await server.request(.GET, "/api/v1/jobs?limit=1&limit=2"), 400, "bad_parameter",
                    naming: "limit")
                Self.expectProblem(try await server.request(.GET, "/hud/a%00/b/x"), 400, "bad_path")
                // A NUL in the web pages' forms too.
                Self.expectProblem(try await server.request(.GET, "/flaky?file=%00"), 400, "bad_parameter")
            }
        }
    }

    @Test("broken percent escapes are refused before any handler reads them")
    func brokenEscapes() {
        // HTTP clients refuse to send these, so the middleware is asked directly.
        let middleware = RequestHygieneMiddleware<BasicRequestContext>.self
        #expect(middleware.problem(path: "/api/v1/tests", query: "q=%zz")?.code == "bad_parameter")
        #expect(middleware.problem(path: "/api/v1/tests", query: "q=%4")?.code == "bad_parameter")
        #expect(middleware.problem(path: "/api/v1/%C3", query: nil)?.code == "bad_path")
        #expect(middleware.problem(path: "/api/v1/tests", query: "q=test+add&limit=5")?.code == nil)
    }

    @Test("negative, huge and malformed numbers and cursors are 400s")
    func numbersAndCursors() async throws {
        try await TestDatabase.withStore { store, _ in
            try await TestServer.with(store: store, workers: 0) { server in
                let cases: [(String, String, String)] = [
                    ("/api/v1/jobs?before=-1502345", "bad_cursor", "before"),
                    ("/api/v1/jobs?before=0", "bad_cursor", "before"),
                    ("/api/v1/jobs?limit=99999999999999999999", "bad_limit", "limit"),
                    ("/api/v1/jobs?limit=", "bad_limit", "limit"),
                    ("/api/v1/jobs?stage=+1", "bad_stage", "stage"),
                    ("/api/v1/jobs?stage=01", "bad_stage", "stage"),
                    ("/api/v1/tests?after=-1", "bad_cursor", "after"),
                    ("/api/v1/jobs/1/results?after=nonsense", "bad_cursor", "after"),
                    ("/api/v1/jobs/1/results?after=8f3c3a0e-0000-4000-8000-000000000000..5", "bad_cursor", "after"),
                    ("/api/v1/jobs/0", "bad_id", "job id"),
                    ("/api/v1/jobs/9223372036854775808", "bad_id", "job id"),
                    ("/api/v1/tests/-1/history", "bad_id", "test id"),
                    ("/api/v1/publish?limit=0", "bad_limit", "limit"),
                    ("/api/v1/publish?state=", "bad_state", "state"),
                    ("/api/v1/flaky?offset=-1", "bad_offset", "offset"),
                    ("/api/v1/flaky?offset=9223372036854775807", "bad_offset", "offset"),
                    ("/api/v1/flaky?window=99999999999", "bad_window", "window"),
                    ("/api/v1/flaky?format=xml", "bad_format", "format"),
                    ("/api/v1/flaky/summary?stage=", "bad_stage", "stage"),
                    ("/api/v1/uploads/8f3c3a0e-0000-4000-8000-000000000000?wait=inf", "bad_wait", "wait"),
                ]
                for (path, code, name) in cases {
                    Self.expectProblem(try await server.request(.GET, path), 400, code, naming: name)
                }
                // The web pages' forms send empty fields: they still mean "no filter" there.
                #expect(try await server.request(.GET, "/flaky?window=&stage=&node=").status == 200)
            }
        }
    }

    @Test("odd job contexts are 400s naming the field: NUL, lengths, PostgreSQL integer range, payload")
    func oddContexts() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            let auth = [("Authorization", "Bearer \(token)")]
            try await TestServer.with(store: store, workers: 0) { server in
                // pr, attempt and cards are PostgreSQL integers: cards=9020264928 was a 500.
                for (query, name) in [
                    ("cards=9020264928", "cards"), ("pr=0", "pr"), ("attempt=2147483648", "attempt"),
                    ("stage=", "stage"), ("payload=5", "payload"), ("payload=%7B", "payload"),
                    ("job=" + String(repeating: "j", count: 151), "job"),
                    ("filename=" + String(repeating: "f", count: 1025), "filename"),
                ] {
                    let r = try await server.request(
                        .POST, "/api/v1/uploads?repo=a/b&sha=abc&" + query, body: Array("<x/>".utf8), headers: auth)
                    Self.expectProblem(r, 400, name == "filename" ? "bad_filename" : "bad_context", naming: name)
                }
                let json = [("Content-Type", "application/json")]
                let deep = #"{"repo":"a/b","sha":"c","payload":"# + String(repeating: "[", count: 100_000)
                for (body, name) in [
                    (#"{"repo":"a/b","sha":"c","job":"a\u0000b"}"#, "job"),
                    (#"{"repo":"a/b","sha":"c","payload":5}"#, "payload"),
                    (#"{"repo":"a/b","sha":"c","pr":3000000000}"#, "pr"),
                    (#"{"repo":"a/b","sha":"\#(String(repeating: "s", count: 65))"}"#, "sha"),
                    (#"{"repo":5,"sha":"c"}"#, "repo"),
                    ("[]", "JSON"),
                    (deep, "JSON"),
                ] {
                    let r = try await server.request(
                        .POST, "/api/v1/jobs", body: Array(body.utf8), headers: auth + json)
                    Self.expectProblem(r, 400, "bad_context", naming: name)
                }
                let notUTF8 = Array(#"{"repo":"a/b","sha":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
                Self.expectProblem(
                    try await server.request(.POST, "/api/v1/jobs", body: notUTF8, headers: auth + json), 400,
                    "bad_context", naming: "UTF-8")
                // A space in a form-encoded query is `+`: the payload below is JSON once decoded.
                let r = try await server.request(
                    .POST, "/api/v1/uploads?repo=a/b&sha=abc&delivery_id=d&payload=%7B%22a%22:+1%7D",
                    body: Array("<x/>".utf8), headers: auth)
                #expect(r.status == 202, "\(r.body)")
            }
        }
    }

    @Test("a routed path asked with another method answers 405 with Allow")
    func methodNotAllowed() async throws {
        try await TestDatabase.withStore { store, _ in
            try await TestServer.with(store: store, workers: 0) { server in
                for (method, path, allow) in [
                    (HTTPMethod.DELETE, "/api/v1/jobs", "GET, POST"),
                    (.PUT, "/api/v1/uploads/8f3c3a0e-0000-4000-8000-000000000000", "GET"),
                    (.GET, "/api/v1/uploads", "POST"),
                    (.PATCH, "/api/v1/jobs/7/finish", "POST"),
                    (.TRACE, "/healthz", "GET"),
                    (.POST, "/flaky", "GET"),
                ] {
                    let r = try await server.request(method, path)
                    Self.expectProblem(r, 405, "method_not_allowed", naming: allow)
                    #expect(r.headers.first { $0.0.lowercased() == "allow" }?.1 == allow, "\(method) \(path)")
                }
                Self.expectProblem(try await server.request(.DELETE, "/api/v1/nothing-here"), 404, "not_found")
            }
        }
    }

    @Test("every id the API writes is lower case, upload_id of a job's results too")
    func lowerCaseIDs() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            let report = [UInt8](try Data(contentsOf: IngestTests.reruns))
            try await TestServer.with(store: store) { server in
                let r = try await server.request(
                    .POST, "/api/v1/uploads?" + IngestTests.query, body: report,
                    headers: [("Authorization", "Bearer \(token)")])
                #expect(r.status == 202, "\(r.body)")
                let accepted = TestServer.json(r.body)
                let id = try #require(accepted["id"] as? String)
                #expect(id == id.lowercased())
                let job = try #require(accepted["job_id"] as? Int)
                #expect(try await server.waitForUpload(id)["state"] as? String == "done")
                let page = try await server.request(.GET, "/api/v1/jobs/\(job)/results?limit=2")
                let body = TestServer.json(page.body)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.count == 2)
                for item in items { #expect(item["upload_id"] as? String == id) }
                let next = try #require(body["next"] as? String)
                #expect(next.contains("after=\(id)."))
                // The cursor reads back, in either case.
                let after = next.replacingOccurrences(of: id, with: id.uppercased())
                #expect(try await server.request(.GET, after).status == 200)
            }
        }
    }
}
