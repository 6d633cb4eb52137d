import AsyncHTTPClient
import Foundation
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

/// PostgreSQL restarted (`-m fast`, `-m immediate`) under a real `hudrelay serve` at each phase of
/// an upload's life: every upload ends done exactly once, within the lease plus 60 s of the
/// database being back, the API stays up, and SIGTERM then ends the server in time.
@Suite("Database faults under a running server", .serialized)
struct FaultTests {
    /// Where the restart lands.
    enum Phase: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// A 200,000-case report's rows being copied into `results`.
        case copyResults
        /// The same report's new tests being copied into `tests`.
        case copyTests
        /// 50 small reports sent 8 at a time: claims and completions.
        case smallUploads
        /// The analyzer working through a 200,000-case job.
        case analysis
        /// Nothing running: the LISTEN connection drops, then a report comes.
        case idle

        var testDescription: String { rawValue }
    }

    static let lease = 10
    /// What the server is started with: short leases and stall limits, so a test takes seconds.
    static let serverArguments = [
        "--workers", "2", "--lease-seconds", "\(lease)", "--stall-seconds", "10", "--shutdown-timeout-seconds", "15",
    ]

    @Test(
        "a restart during one phase: every upload done exactly once, in time", arguments: Phase.allCases,
        ["fast", "immediate"])
    func restart(phase: Phase, mode: String) async throws {
        let cluster = try await FaultCluster.start()
        try await TestDatabase.withStore(on: cluster.base) { store, url in
            let token = try await store.createToken(name: "ci", scope: .upload)
            let server = try await ServerProcess.start(url: url, Self.serverArguments)
            let http = HTTPClient.shared
            var expected = 0
            var uploads = 0
            let back: ContinuousClock.Instant
            switch phase {
            case .copyResults, .copyTests, .analysis:
                let report = WorkerTests.report(seed: 41, cases: 200_000)
                expected = try FaultCluster.rows(report)
                uploads = 1
                _ = try await FaultCluster.upload(server, http, token: token, job: "big", report)
                let (sql, what) =
                    switch phase {
                    case .copyResults:
                        ("SELECT count(*)::int8 FROM pg_stat_progress_copy WHERE relid = 'results'::regclass", "COPY")
                    case .copyTests:
                        ("SELECT count(*)::int8 FROM pg_stat_progress_copy WHERE relid = 'tests'::regclass", "COPY")
                    default:
                        ("SELECT count(*)::int8 FROM analysis_queue WHERE claimed_at IS NOT NULL", "analysis")
                    }
                let seen = try await FaultCluster.wait(store, sql, limit: .seconds(120), every: .milliseconds(5)) {
                    $0 > 0
                }
                #expect(seen == 1, "the \(what) never started: \(server.logText.suffix(2000))")
                try await cluster.restart(mode)
                back = .now
            case .smallUploads:
                let files = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-fault-\(UUID())")
                try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: files) }
                uploads = 50
                for i in 0..<uploads {
                    let report = WorkerTests.report(seed: 500 + i, cases: 300)
                    expected += try FaultCluster.rows(report)
                    try Data(report).write(to: files.appendingPathComponent("r\(i).xml"))
                }
                let client = Process()
                client.executableURL = CLIBinary.url
                client.arguments = [
                    "upload", "--server", server.base, "--token", token, "--repo", "a/b", "--sha", "small",
                    "--parallel", "8", "--retries", "30", files.path,
                ]
                client.standardOutput = FileHandle.nullDevice
                client.standardError = FileHandle.nullDevice
                try client.run()
                let done = "SELECT count(*)::int8 FROM uploads WHERE state = 'done'"
                let reached = try await FaultCluster.wait(store, done, limit: .seconds(120)) { $0 >= 10 }
                #expect((reached ?? 0) >= 10 && (reached ?? 0) < uploads, "restarted at \(reached ?? -1) done")
                try await cluster.restart(mode)
                back = .now
                await client.exited()
                #expect(client.terminationStatus == 0, "hudrelay upload failed")
            case .idle:
                // Let the workers go idle on LISTEN, drop it, then send a report.
                try await Task.sleep(for: .seconds(1))
                try await cluster.restart(mode)
                back = .now
                let report = WorkerTests.report(seed: 77, cases: 300)
                expected = try FaultCluster.rows(report)
                uploads = 1
                _ = try await FaultCluster.upload(server, http, token: token, job: "idle", report)
            }
            // Everything done, exactly once, no later than the lease plus 60 s after the restart.
            let limit = Duration.seconds(Self.lease + 60)
            let notDone = "SELECT count(*)::int8 FROM uploads WHERE state <> 'done'"
            let doneCount = "SELECT count(*)::int8 FROM uploads WHERE state = 'done'"
            _ = try await FaultCluster.wait(store, doneCount, limit: limit, every: .milliseconds(100)) {
                $0 == uploads
            }
            let took = ContinuousClock.now - back
            #expect(await FaultCluster.scalar(store, notDone) == 0, "\(server.logText.suffix(4000))")
            #expect(await FaultCluster.scalar(store, doneCount) == uploads)
            #expect(took <= limit, "done \(took) after the database was back")
            #expect(await FaultCluster.scalar(store, "SELECT count(*)::int8 FROM results") == expected)
            // The analysis catches up too, once per test of the job.
            let queue = "SELECT count(*)::int8 FROM analysis_queue"
            #expect(try await FaultCluster.wait(store, queue, limit: limit, every: .milliseconds(100)) { $0 == 0 } == 0)
            let runs = "SELECT count(*)::int8 FROM runs"
            let tests = "SELECT count(*)::int8 FROM (SELECT DISTINCT job_id, test_id FROM results) d"
            #expect(await FaultCluster.scalar(store, runs) == FaultCluster.scalar(store, tests))
            // The API never went down: same process, answering.
            #expect(server.process.isRunning)
            #expect(await server.request(http, .GET, "/readyz")?.status == 200)
            print("fault \(phase) -m \(mode): all \(uploads) uploads done \(took) after the database was back")
            let stopped = await server.terminate()
            #expect(stopped < .seconds(20), "SIGTERM took \(stopped)")
            #expect(server.process.terminationStatus == 0)
        }
    }
}
