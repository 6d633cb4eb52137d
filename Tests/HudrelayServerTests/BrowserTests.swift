import Foundation
import HudrelayServer
import HudrelayStore
import Testing

/// Every page, rendered from a seeded database and loaded in headless Chromium (installed by
/// `scripts/test` from Debian's packages): no console message, the expected content, and a
/// screenshot (`HUDRELAY_UPDATE_SCREENSHOTS=1` writes them to docs/screenshots).
@Suite("Pages in a browser", .serialized, .timeLimit(.minutes(10)))
struct BrowserTests {
    static var chromium: URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]

    @Test("every page loads in Chromium without console messages and shows its content")
    func pages() async throws {
        let chromium = try #require(Self.chromium, "Chromium is not installed (scripts/test installs it)")
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("shots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: shots) }
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store) { server in
                for (i, report) in ["test_ops", "test_ops", "test_nn"].enumerated() {
                    let (upload, _) = try await PublishFixtures.upload(
                        server, token: token, report: report, runID: "1700000000\(i)", jobID: "4800000000\(i)",
                        job: "test (spyre, \(i % 2 + 1))",
                        extra: "&stage=\(i < 2 ? 1 : 2)&node=aiu-node-\(i)&card_type=AIU&cards=24&branch=main")
                    _ = try await server.waitForUpload(upload)
                }
                _ = try await PublishFixtures.waitForFlakyPage(server)
                _ = try await GrafanaTests.seedScope(server, token: token)
                let results = try await server.request(.GET, "/api/v1/jobs/1/results?limit=100").body
                let items = TestServer.json(results)["items"] as? [[String: Any]] ?? []
                let testID = try #require(items.first { $0["name"] as? String == "test_flaky" }?["test_id"] as? Int)
                let pages: [(name: String, path: String, expect: [String])] = [
                    ("overview", "/", ["Stage 1", "Stage 2", "over target"]),
                    ("job", "/jobs/1", ["test_broken", "RuntimeError: device lost", "Reports"]),
                    ("flaky", "/flaky?window=30d", ["test_flaky", "Suspect node"]),
                    ("test", "/tests/\(testID)", ["test_flaky", "flaky in 2 of 2 runs"]),
                    ("failures", "/failures?window=30d", ["RuntimeError: device lost"]),
                    ("hud", "/hud/torch-spyre/torch-spyre/main", ["test (spyre, 1)", "0123abcd"]),
                    ("stages", "/stages", ["Stage 1", "Stage 4", "meets target", "under target", "bbbbbbbbbbbb"]),
                    ("health", "/health", ["Stage 1", "Stage 4", "L3 readiness", "days_at_l2", "no data"]),
                ]
                for page in pages {
                    let url = server.base + page.path
                    let dom = try await CLIRun.run(
                        Self.flags + ["--enable-logging=stderr", "--v=0", "--dump-dom", url], executable: chromium)
                    #expect(dom.status == 0, "\(page.name): Chromium exited \(dom.status)")
                    let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
                    #expect(console.isEmpty, "\(page.name): console messages \(console)")
                    for text in page.expect { #expect(dom.stdout.contains(text), "\(page.name): missing \(text)") }
                    let png = shots.appendingPathComponent("\(page.name).png")
                    let shot = try await CLIRun.run(
                        Self.flags + ["--window-size=1280,900", "--screenshot=\(png.path)", url], executable: chromium)
                    #expect(shot.status == 0)
                    let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
                    #expect(size > 5_000, "\(page.name): a screenshot of \(size) bytes")
                    // A narrow window, as on a phone.
                    let narrow = try await CLIRun.run(
                        Self.flags + ["--window-size=390,844", "--screenshot=\(png.path).phone.png", url],
                        executable: chromium)
                    #expect(narrow.status == 0)
                }
                if ProcessInfo.processInfo.environment["HUDRELAY_UPDATE_SCREENSHOTS"] == "1" {
                    let docs = TestDatabase.repoRoot.appendingPathComponent("docs/screenshots")
                    try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
                    for page in pages {
                        let target = docs.appendingPathComponent("\(page.name).png")
                        try? FileManager.default.removeItem(at: target)
                        try FileManager.default.copyItem(
                            at: shots.appendingPathComponent("\(page.name).png"), to: target)
                    }
                }
            }
        }
    }
}
