import AsyncHTTPClient
import Foundation
import HudrelayStore
import Testing

/// `serve`, `work` and `analyze` read one configuration: the analyzer of a server or a worker
/// process judges jobs with the thresholds it is given (flags or a YAML file), not its own.
@Suite("Configuration", .serialized, .timeLimit(.minutes(10)))
struct ConfigurationTests {
    /// Four tests, three failing: an infrastructure incident at a 50% share and 2 tests, not at
    /// the defaults (80%, 20 tests).
    static let report = Array(
        """
        <testsuites><testsuite name="s" tests="4" failures="3">
        <testcase classname="m" name="a"><failure message="x"/></testcase>
        <testcase classname="m" name="b"><failure message="x"/></testcase>
        <testcase classname="m" name="c"><failure message="x"/></testcase>
        <testcase classname="m" name="d"/>
        </testsuite></testsuites>
        """.utf8)

    /// Uploads the report as job `sha` and returns whether the analysis called it an incident.
    static func incident(_ server: ServerProcess, _ store: Store, token: String, sha: String) async throws -> Bool? {
        _ = try await FaultCluster.upload(server, HTTPClient.shared, token: token, job: sha, report)
        let analyzed =
            "SELECT count(*)::int8 FROM jobs j WHERE j.sha = '\(sha)' AND NOT EXISTS "
            + "(SELECT 1 FROM uploads u WHERE u.job_id = j.id AND u.state <> 'done') "
            + "AND NOT EXISTS (SELECT 1 FROM analysis_queue q WHERE q.job_id = j.id) "
            + "AND EXISTS (SELECT 1 FROM runs r WHERE r.job_id = j.id)"
        guard
            try await FaultCluster.wait(
                store, analyzed, limit: .seconds(90), every: .milliseconds(100), until: { $0 == 1 }) == 1
        else { return nil }
        let flagged = "SELECT count(*)::int8 FROM jobs WHERE sha = '\(sha)' AND infra_incident"
        return try await TestDatabase.scalar(store, flagged) == 1
    }

    @Test("the analyzer of `serve` and of `work` uses the thresholds given by flag or by file")
    func analysisSettings() async throws {
        try await TestDatabase.withStore { store, url in
            let token = try await store.tokens.createToken(name: "ci", scope: .upload)
            let flagged = try await ServerProcess.start(
                url: url, ["--workers", "1", "--infra-share", "0.5", "--infra-min-tests", "2"])
            #expect(try await Self.incident(flagged, store, token: token, sha: "flags") == true)
            #expect(await flagged.terminate() < .seconds(30))

            let plain = try await ServerProcess.start(url: url, ["--workers", "1"])
            #expect(try await Self.incident(plain, store, token: token, sha: "defaults") == false)
            #expect(await plain.terminate() < .seconds(30))

            // `serve` without workers (so without an analyzer), and a `hudrelay work` reading a file.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-\(UUID()).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            try "analysis:\n  infraShare: 0.5\n  infraMinTests: 2\n".write(to: file, atomically: true, encoding: .utf8)
            let api = try await ServerProcess.start(url: url, ["--workers", "0"])
            let work = Process()
            work.executableURL = CLIBinary.url
            work.arguments = [
                "work", "--workers", "1", "--database-url",
                "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)",
            ]
            var env = ProcessInfo.processInfo.environment
            env["HUDRELAY_CONFIG"] = file.path
            work.environment = env
            work.standardOutput = FileHandle.nullDevice
            work.standardError = FileHandle.nullDevice
            try work.run()
            #expect(try await Self.incident(api, store, token: token, sha: "file") == true)
            kill(work.processIdentifier, SIGTERM)
            #expect(await work.exited(within: .seconds(30)))
            #expect(await api.terminate() < .seconds(30))
        }
    }
}
