import Foundation
import HudrelayJUnit
import HudrelayStore
import Testing

/// Upload → rows, against a real PostgreSQL over real HTTP.
@Suite("Ingest", .serialized, .timeLimit(.minutes(10)))
struct IngestTests {
    static let fixtures = TestDatabase.repoRoot.appendingPathComponent("Tests/HudrelayJUnitTests/Fixtures")
    static let reruns = fixtures.appendingPathComponent("pytest/xunit2-reruns.xml")
    static let query =
        "repo=ibm/torch-spyre&sha=abc123&branch=main&workflow=ci&run_id=7&attempt=1&job=test&stage=1"
        + "&cluster=c1&node=aiu-node-3&card_type=AIU&cards=24"

    static func token(_ store: Store) async throws -> String {
        try await store.tokens.createToken(name: "ci-\(UUID().uuidString.prefix(8))", scope: .upload)
    }

    @Test("an upload becomes rows that match `hudrelay parse`")
    func uploadMatchesParse() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await Self.token(store)
            let bytes = [UInt8](try Data(contentsOf: Self.reruns))
            var parsed = ReportCounts()
            _ = try JUnitParser().parse(bytes: bytes) { if case .test(let t) = $0 { parsed.add(t) } }
            let expected = parsed
            try await TestServer.with(store: store) { server in
                let r = try await server.request(
                    .POST, "/api/v1/uploads?" + Self.query, body: bytes, headers: [("Authorization", "Bearer \(token)")]
                )
                #expect(r.status == 202, "\(r.body)")
                let accepted = TestServer.json(r.body)
                let id = try #require(accepted["id"] as? String)
                #expect(accepted["status_url"] as? String == "/api/v1/uploads/\(id)")
                // One long-polling request sees the upload through to done.
                let held = try await server.request(.GET, "/api/v1/uploads/\(id)?wait=30")
                let status = TestServer.json(held.body)
                #expect(status["state"] as? String == "done")
                #expect(try await server.request(.GET, "/api/v1/uploads/\(id)?wait=soon").status == 400)
                let counts = try #require(status["counts"] as? [String: Any])
                #expect(counts["tests"] as? Int == expected.tests)
                #expect(counts["flaky"] as? Int == expected.flaky)
                #expect(counts["reruns"] as? Int == expected.reruns)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == expected.tests)
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results WHERE flaky")
                        == expected.flaky)
                #expect(
                    try await TestDatabase.scalar(store, "SELECT COALESCE(sum(reruns),0)::int8 FROM results")
                        == expected.reruns)
                // The read API shows the job and its results.
                let jobs = TestServer.json(try await server.request(.GET, "/api/v1/jobs?repo=ibm/torch-spyre").body)
                let items = try #require(jobs["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["node"] as? String == "aiu-node-3")
                #expect(items.first?["stage"] as? Int == 1)
                let jobID = try #require(items.first?["id"] as? Int)
                let failed = TestServer.json(
                    try await server.request(.GET, "/api/v1/jobs/\(jobID)/results?outcome=failed").body)
                #expect((failed["items"] as? [Any])?.count == expected.failed)
                let found = TestServer.json(try await server.request(.GET, "/api/v1/tests?q=fails_first").body)
                #expect((found["items"] as? [[String: Any]])?.first?["name"] as? String == "test_fails_first_attempt")
            }
        }
    }

    @Test("the same job uploading the same content twice gets the same id and one set of rows")
    func idempotent() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await Self.token(store)
            let bytes = [UInt8](try Data(contentsOf: Self.reruns))
            try await TestServer.with(store: store) { server in
                let auth = [("Authorization", "Bearer \(token)")]
                let first = try await server.request(.POST, "/api/v1/uploads?" + Self.query, body: bytes, headers: auth)
                let gz = try GzipDeflater.compress(bytes)
                let second = try await server.request(
                    .POST, "/api/v1/uploads?" + Self.query, body: gz, headers: auth + [("Content-Encoding", "gzip")])
                #expect(first.status == 202)
                #expect(second.status == 200)
                let id = try #require(TestServer.json(first.body)["id"] as? String)
                #expect(TestServer.json(second.body)["id"] as? String == id)
                _ = try await server.waitForUpload(id)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads") == 1)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 15)
            }
        }
    }

    @Test("a missing, malformed or revoked token gets 401 and nothing is stored")
    func unauthorized() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await store.tokens.createToken(name: "revoked", scope: .upload)
            _ = try await store.tokens.revokeToken(name: "revoked")
            try await TestServer.with(store: store) { server in
                for headers in [
                    [], [("Authorization", "Basic abc")], [("Authorization", "Bearer nope")],
                    [("Authorization", "Bearer \(token)")],
                ] {
                    let r = try await server.request(
                        .POST, "/api/v1/uploads?" + Self.query, body: Array("<testsuite/>".utf8), headers: headers)
                    #expect(r.status == 401)
                    #expect(
                        r.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "application/problem+json" }
                    )
                    #expect(TestServer.json(r.body)["detail"] as? String != nil)
                }
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads") == 0)
            }
        }
    }

    @Test("the jobs list pages newest first, each job with its own uploads and counts")
    func jobsList() async throws {
        try await TestDatabase.withStore { store, _ in
            let e = FlakyEvidenceTests.self
            try await e.ingest(store, job: "a", sha: "s1", e.testcase("t1") + e.testcase("t2"))
            try await e.ingest(store, job: "a", sha: "s1", e.testcase("t3", failed: true))
            try await e.ingest(store, job: "b", sha: "s1", e.testcase("t1") + e.testcase("t2", failed: true))
            try await e.ingest(store, job: "c", sha: "s1", e.testcase("t1"))
            try await TestServer.with(store: store, workers: 0) { server in
                let first = TestServer.json(try await server.request(.GET, "/api/v1/jobs?limit=2").body)
                let items = try #require(first["items"] as? [[String: Any]])
                #expect(items.map { $0["job"] as? String } == ["c", "b"])
                let b = try #require(items.last?["counts"] as? [String: Int])
                #expect(b["tests"] == 2 && b["passed"] == 1 && b["failed"] == 1)
                let next = try #require(first["next"] as? String)
                let second = TestServer.json(try await server.request(.GET, next).body)
                let a = try #require((second["items"] as? [[String: Any]])?.first)
                #expect(a["job"] as? String == "a")
                #expect((a["counts"] as? [String: Int])?["tests"] == 3)
                #expect((a["counts"] as? [String: Int])?["failed"] == 1)
                #expect((a["uploads"] as? [String: Int])?["done"] == 2)
            }
        }
    }

    @Test("malformed XML is accepted, then failed with line and column; the raw bytes are kept")
    func malformed() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await Self.token(store)
            let bad = Array("<testsuite>\n<testcase name=\"a\">\n<failure>oops</testcase>\n</testsuite>".utf8)
            try await TestServer.with(store: store) { server in
                let r = try await server.request(
                    .POST, "/api/v1/uploads?" + Self.query, body: bad, headers: [("Authorization", "Bearer \(token)")])
                #expect(r.status == 202)
                let id = try #require(TestServer.json(r.body)["id"] as? String)
                let status = try await server.waitForUpload(id)
                #expect(status["state"] as? String == "failed")
                #expect(status["error_line"] as? Int == 3)
                #expect((status["error_column"] as? Int ?? 0) > 0)
                #expect(status["counts"] is NSNull)
                let raw = try await server.download("/api/v1/uploads/\(id)/raw")
                #expect(raw.status == 200)
                var plain: [UInt8] = []
                try raw.bytes.withUnsafeBytes { buf in try GzipInflater().feed(buf) { plain += $0 } }
                #expect(plain == bad)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 0)
            }
        }
    }

    @Test("bad context and oversized reports get problem+json 4xx and nothing is stored")
    func badRequests() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await Self.token(store)
            try await TestServer.with(store: store, maxReportBytes: 1000) { server in
                let auth = [("Authorization", "Bearer \(token)")]
                let noRepo = try await server.request(.POST, "/api/v1/uploads?sha=1", body: [0x3C], headers: auth)
                #expect(noRepo.status == 400)
                #expect((TestServer.json(noRepo.body)["detail"] as? String)?.contains("repo") == true)
                let badStage = try await server.request(
                    .POST, "/api/v1/uploads?repo=a/b&sha=1&stage=9", body: [0x3C], headers: auth)
                #expect(badStage.status == 400)
                let big = Array(
                    ("<testsuite>" + String(repeating: "<testcase name=\"x\"/>", count: 200) + "</testsuite>").utf8)
                let tooLarge = try await server.request(
                    .POST, "/api/v1/uploads?repo=a/b&sha=1", body: big, headers: auth)
                #expect(tooLarge.status == 413)
                let empty = try await server.request(.POST, "/api/v1/uploads?repo=a/b&sha=1", body: [], headers: auth)
                #expect(empty.status == 400)
                let missing = try await server.request(.GET, "/api/v1/uploads/\(UUID().uuidString)")
                #expect(missing.status == 404)
                let unknown = try await server.request(.GET, "/api/v1/nothing")
                #expect(unknown.status == 404)
                #expect(TestServer.json(unknown.body)["title"] as? String != nil)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads") == 0)
            }
        }
    }

    @Test("a multipart form with a context part and several report parts stores each report")
    func multipart() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await Self.token(store)
            let one = [UInt8](try Data(contentsOf: Self.reruns))
            let two = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("pytest/xunit1.xml")))
            let boundary = "hudrelay-test-boundary"
            var body: [UInt8] = []
            func part(_ headers: String, _ content: [UInt8]) {
                body += Array("--\(boundary)\r\n\(headers)\r\n\r\n".utf8) + content + Array("\r\n".utf8)
            }
            part(
                "Content-Disposition: form-data; name=\"context\"\r\nContent-Type: application/json",
                Array(#"{"repo":"ibm/torch-spyre","sha":"m1","stage":2,"node":"aiu-node-7","card_type":"AIU"}"#.utf8))
            part("Content-Disposition: form-data; name=\"report\"; filename=\"a.xml\"", one)
            part(
                "Content-Disposition: form-data; name=\"report\"; filename=\"b.xml.gz\"\r\nContent-Type: application/gzip",
                try GzipDeflater.compress(two))
            body += Array("--\(boundary)--\r\n".utf8)
            let form = body
            try await TestServer.with(store: store) { server in
                let r = try await server.request(
                    .POST, "/api/v1/uploads", body: form,
                    headers: [
                        ("Authorization", "Bearer \(token)"),
                        ("Content-Type", "multipart/form-data; boundary=\(boundary)"),
                    ])
                #expect(r.status == 202, "\(r.body)")
                let uploads = try #require(TestServer.json(r.body)["uploads"] as? [[String: Any]])
                #expect(uploads.count == 2)
                #expect(uploads.map { $0["filename"] as? String } == ["a.xml", "b.xml.gz"])
                for u in uploads {
                    let status = try await server.waitForUpload(try #require(u["id"] as? String))
                    #expect(status["state"] as? String == "done")
                }
                #expect(
                    try await TestDatabase.scalar(
                        store, "SELECT count(*)::int8 FROM jobs WHERE node = 'aiu-node-7' AND stage = 2") == 1)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 30)
            }
        }
    }
}
