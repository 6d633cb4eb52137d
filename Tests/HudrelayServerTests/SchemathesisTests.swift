import Foundation
import HudrelayStore
import Testing

/// schemathesis (scripts/python-env pins it) against a live server on a seeded database: every
/// check, a fixed seed and a bounded number of examples per operation, and not one failure.
///
/// Nothing is excluded. The raw upload bodies (plain, gzip, multipart) are fuzzed too: the server
/// answers a 4xx to what it cannot take and 202 to bytes that are not XML (a worker marks them
/// failed). The destructive operations stay in as well: the fuzzer's uploads and jobs land in this
/// test's own database, `finish` only marks jobs (no publisher runs here), and no endpoint revokes
/// the token.
@Suite("Schemathesis", .serialized, .timeLimit(.minutes(15)))
struct SchemathesisTests {
    /// The seed of every run, so that a failure replays.
    static let seed = "20261201"
    /// Test cases per operation in the fuzzing phase (the coverage and stateful phases add theirs).
    static let maxExamples = "50"

    @Test("schemathesis --checks all finds no failure against /openapi.json")
    func fuzz() async throws {
        try await TestDatabase.withStore { store, _ in
            let token = try await store.tokens.createToken(name: "schemathesis", scope: .upload)
            try await TestServer.with(store: store) { server in
                try await Self.seed(server, token: token)
                let (status, output) = try await Self.run(against: server, token: token)
                #expect(status == 0, "schemathesis exited \(status):\n\(output)")
                // The counts, for the log: the summary is the output's last block.
                if status == 0, let summary = output.range(of: "SUMMARY", options: .backwards) {
                    print("schemathesis " + output[summary.lowerBound...])
                }
                // Whatever the fuzzer sent, the server still serves.
                #expect(try await server.request(.GET, "/readyz").status == 200)
            }
        }
    }

    /// Three jobs with a report each (done), and a job that answers a relay dispatch.
    static func seed(_ server: TestServer, token: String) async throws {
        let report = [UInt8](try Data(contentsOf: IngestTests.reruns))
        let auth = [("Authorization", "Bearer \(token)")]
        for j in 1...3 {
            let r = try await server.request(
                .POST,
                "/api/v1/uploads?repo=ibm/torch-spyre&sha=c\(j)&branch=main&workflow=ci&run_id=\(j)&job=test"
                    + "&stage=1&node=aiu-node-\(j)&card_type=spyre&cards=4",
                body: report, headers: auth)
            try #require(r.status == 202, "seed upload \(j): \(r.body)")
            let id = try #require(TestServer.json(r.body)["id"] as? String)
            #expect(try await server.waitForUpload(id)["state"] as? String == "done")
        }
        let dispatch = #"{"repo":"ibm/torch-spyre","sha":"c9","delivery_id":"d1","event_type":"push","payload":{}}"#
        let r = try await server.request(
            .POST, "/api/v1/jobs", body: Array(dispatch.utf8), headers: auth + [("Content-Type", "application/json")])
        try #require(r.status == 200, "seed job: \(r.body)")
    }

    /// The `schemathesis.toml` of the run, found in its working folder.
    static let config = """
        # No crash cache: it would replay an earlier run's cases.
        [cache]
        enabled = false

        # The stateful phase follows the links /openapi.json declares, not links inferred from
        # names: inference binds the job context's `job_id` (the CI's id of a job, a string) to
        # hudrelay's job ids and puts `{"context": {"job_id": 7}}` in an application/xml upload
        # body, a case schemathesis then calls invalid although its bytes are a report like any other.
        [phases.stateful.inference]
        algorithms = []

        # A scope's configs are YAML texts, which the schema cannot describe: a text that is not a
        # test config is a 400 (bad_config, with its file, line and column), not a valid request
        # refused. The other statuses are schemathesis' defaults.
        [[operations]]
        include-path = "/api/v1/scopes"
        include-method = "POST"
        checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

        """

    /// Runs schemathesis in a folder of its own; returns its exit status and output.
    static func run(against server: TestServer, token: String) async throws -> (Int32, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try config.write(to: dir.appendingPathComponent("schemathesis.toml"), atomically: true, encoding: .utf8)
        // The document as the server serves it, read here: schemathesis gives a schema download
        // 10 s, which a 2-core machine running the rest of the suite beside it can exceed.
        let spec = try await server.request(.GET, "/openapi.json")
        try #require(spec.status == 200, "GET /openapi.json: \(spec.status)")
        let specURL = dir.appendingPathComponent("openapi.json")
        try spec.body.write(to: specURL, atomically: true, encoding: .utf8)
        let outputURL = dir.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: FlakyHistory.python)
        p.arguments = [
            "-m", "schemathesis.cli", "run", specURL.path, "--url", server.base,
            "--checks", "all", "--seed", seed, "--max-examples", maxExamples,
            "--generation-database", "none", "--request-timeout", "90", "--no-color",
            "-H", "Authorization: Bearer \(token)",
        ]
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = output
        p.standardError = output
        try p.run()
        // A bound on the whole run (it takes well under a minute on 2 cores).
        DispatchQueue.global().asyncAfter(deadline: .now() + 600) { if p.isRunning { p.terminate() } }
        await p.exited()
        try output.close()
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        if p.terminationStatus != 0, text.contains("No module named schemathesis") {
            return (p.terminationStatus, "run scripts/python-env (it installs schemathesis):\n" + text)
        }
        return (p.terminationStatus, text)
    }
}
