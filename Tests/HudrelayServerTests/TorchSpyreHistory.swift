import Foundation
import HudrelayStore
import Testing

/// A history of torch-spyre-shaped reports made by real pytest (Fixtures/torchspyre): ten jobs of
/// `PRIVATEUSE1` tests with tags, whole-file retry marks applied by `file_retry.py`, on x86_64 and
/// s390x. The README there gives the truth table.
struct TorchSpyreHistory {
    /// Where the ten finals are (`job01.xml` … `job10.xml`).
    let dir: URL
    static let jobs = 10

    static var fixtures: URL {
        TestDatabase.repoRoot.appendingPathComponent("Tests/HudrelayServerTests/Fixtures/torchspyre")
    }

    /// Runs `make_history.py` with the test python (pytest 9.2).
    static func make() async throws -> TorchSpyreHistory {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-ts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        let environment = env
        let status = try await offPool {
            try Subprocess.run(
                FlakyHistory.python, [fixtures.appendingPathComponent("make_history.py").path, dir.path],
                outputFile: dir.appendingPathComponent("make_history.out").path, environment: environment)
        }
        let log = (try? String(contentsOf: dir.appendingPathComponent("make_history.out"), encoding: .utf8)) ?? ""
        try #require(status == 0, "make_history.py exited \(status): \(log.suffix(2000))")
        return TorchSpyreHistory(dir: dir)
    }

    /// The final report of job `j` (1-based).
    func report(_ j: Int) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: dir.appendingPathComponent(String(format: "job%02d.xml", j))))
    }

    /// The upload query of job `j`: its own commit, stage 1, no architecture (the reports' tags say).
    static func query(_ j: Int, extra: String = "") -> String {
        "/api/v1/uploads?repo=ibm/torch-spyre&sha=\(String(format: "%040x", j))&branch=main&workflow=upstream"
            + "&run_id=\(1000 + j)&job=test_binary_ufuncs&stage=1&node=aiu-\(j % 3)&card_type=AIU" + extra
    }
}
