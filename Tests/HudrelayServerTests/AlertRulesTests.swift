import Foundation
import Testing

/// `deploy/prometheus/hudrelay-alerts.yaml` is valid for Prometheus, and its outage alert fires at
/// 48 hours of `hudrelay_outage_open_hours`, not before (promtool, from Debian's `prometheus`
/// package, which `scripts/test` installs).
@Suite("Prometheus alert rules")
struct AlertRulesTests {
    static var promtool: URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("promtool")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    @Test("promtool checks the rules and their unit test passes")
    func rules() async throws {
        let promtool = try #require(Self.promtool, "promtool is not installed (scripts/test installs it)")
        let dir = TestDatabase.repoRoot.appendingPathComponent("deploy/prometheus")
        let check = try await CLIRun.run(["check", "rules", "hudrelay-alerts.yaml"], cwd: dir, executable: promtool)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let test = try await CLIRun.run(["test", "rules", "hudrelay-alerts.test.yaml"], cwd: dir, executable: promtool)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("SUCCESS"), "\(test.stdout)")
    }
}
