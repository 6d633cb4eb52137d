import Foundation
import HudrelayStore
import Testing

/// Histories made with real pytest and injected flakes (Fixtures/flaky): `jobs` runs of
/// `test_truth.py` across four nodes, four jobs per commit, uploaded to a real server.
struct FlakyHistory {
    /// Where the reports are.
    let dir: URL
    /// Per test name, the jobs whose first attempt of it the plugin failed on purpose.
    let injected: [String: Set<Int>]
    /// The job that was an infrastructure incident.
    static let brokenJob = 37
    static let jobs = 40
    static let nodes = ["aiu-node-0", "aiu-node-1", "aiu-node-2", "aiu-node-3"]

    static var fixtures: URL {
        TestDatabase.repoRoot.appendingPathComponent("Tests/HudrelayServerTests/Fixtures/flaky")
    }

    /// The python with pytest and pytest-rerunfailures (scripts/python-env; `scripts/test` sets it).
    static var python: String {
        ProcessInfo.processInfo.environment["HUDRELAY_TEST_PYTHON"]
            ?? TestDatabase.repoRoot.appendingPathComponent(".build-venv/bin/python").path
    }

    /// Job `j` runs on node j % 4, commit j / 4, with `--reruns 2` except every fifth job (so
    /// a flake there stays a failure, found by same-commit evidence), and job 37 breaks down.
    static func make() async throws -> FlakyHistory {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-flaky-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["inject_flakes.py", "truth.json", "test_truth.py"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let log = dir.appendingPathComponent("injected.log").path
        for j in 0..<jobs {
            var env = ProcessInfo.processInfo.environment
            env["HUDRELAY_SEED"] = String(j)
            env["HUDRELAY_NODE"] = nodes[j % 4]
            env["HUDRELAY_INJECTED_LOG"] = log
            env["HUDRELAY_BREAK"] = j == brokenJob ? "1" : "0"
            env["PYTHONPATH"] = dir.path
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            let args = [
                // An explicit rootdir: classnames are relative to it, whatever ini files lie above.
                "-m", "pytest", "-p", "inject_flakes", "-p", "no:cacheprovider", "-q", "--rootdir", dir.path,
                "--reruns",
                j % 5 == 4 ? "0" : "2", "--junitxml", dir.appendingPathComponent("job\(j).xml").path,
                dir.appendingPathComponent("test_truth.py").path,
            ]
            let environment = env
            let status = try await offPool {
                try Subprocess.run(
                    python, args, outputFile: dir.appendingPathComponent("pytest.out").path, environment: environment)
            }
            // pytest exits 1 when tests failed (always, here); anything else is a broken setup.
            try #require(
                status == 1, "pytest exited \(status): run scripts/python-env (pytest and pytest-rerunfailures)")
        }
        var injected: [String: Set<Int>] = [:]
        for line in ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let j = Int(parts[1]) { injected[String(parts[0]), default: []].insert(j) }
        }
        return FlakyHistory(dir: dir, injected: injected)
    }

    /// Uploads every job's report with its context.
    func upload(to server: TestServer, token: String) async throws -> [String] {
        var ids: [String] = []
        for j in 0..<Self.jobs {
            let xml = try [UInt8](Data(contentsOf: dir.appendingPathComponent("job\(j).xml")))
            let path =
                "/api/v1/uploads?repo=ibm/torch-spyre&sha=c\(j / 4)&branch=main&workflow=ci&run_id=\(j)&job=job\(j)"
                + "&stage=1&node=\(Self.nodes[j % 4])&card_type=spyre&cards=4"
            let r = try await server.request(.POST, path, body: xml, headers: [("Authorization", "Bearer \(token)")])
            try #require(r.status == 202, "upload \(j): \(r.body)")
            ids.append(TestServer.json(r.body)["id"] as? String ?? "")
        }
        return ids
    }

    /// Waits until every upload is processed and every job analyzed.
    static func settle(_ store: Store) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let pending = try await TestDatabase.scalar(
                store,
                """
                SELECT (SELECT count(*) FROM uploads WHERE state IN ('queued', 'processing'))
                     + (SELECT count(*) FROM analysis_queue)
                """)
            if pending == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("uploads or analyses still pending after 120 s")
    }
}
