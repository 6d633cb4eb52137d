import Foundation
import HudrelayScorecard
import HudrelayServer
import HudrelayStore
import PostgresNIO
import Testing

/// Jobs uploaded over HTTP with chosen CI times and conclusions (a nightly stage with an incident,
/// two failing nights and a gap; PR jobs with a timeout and a failure): the API, the page, the
/// gauge and the CLI give exactly the expected episodes and gate figures.
@Suite("Scorecard over HTTP", .serialized)
struct ScorecardTests {
    /// 02:00 UTC twelve days before today.
    static let day0: Date = {
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return Date(timeIntervalSince1970: today - 12 * 86_400 + 7200)
    }()
    /// The scorecard's day: the day before today (its end is today's midnight).
    static let asOfDay = CycleWeek.day(day0.addingTimeInterval(11 * 86_400))
    static let asOf = day0.addingTimeInterval(12 * 86_400 - 7200)

    /// A report of three tests, `failing` of them failing.
    static func report(failing: Int) -> [UInt8] {
        var xml = #"<testsuites><testsuite name="s" tests="3">"#
        for i in 0..<3 {
            xml += #"<testcase classname="test.test_ops.TestOps" name="test_\#(i)" file="test/test_ops.py" time="1">"#
            if i < failing { xml += #"<failure message="boom">trace</failure>"# }
            xml += "</testcase>"
        }
        return Array((xml + "</testsuite></testsuites>").utf8)
    }

    /// The upload query of a job with CI times: queued at `at`, started `queue` seconds later,
    /// finished `run` seconds after that.
    static func query(
        sha: String, run: String, stage: Int, at: Date, queue: Double, run seconds: Double, conclusion: String,
        pr: Int? = nil, event: String
    ) -> String {
        let f = { (d: Date) in RFC3339.string(d) }
        var q = "/api/v1/uploads?repo=ibm/torch-spyre&sha=\(sha)&workflow=ci&run_id=\(run)&job=test&stage=\(stage)"
        q += "&event_type=\(event)&conclusion=\(conclusion)&queued_at=\(f(at))"
        q += "&started_at=\(f(at.addingTimeInterval(queue)))&finished_at=\(f(at.addingTimeInterval(queue + seconds)))"
        if let pr { q += "&pr=\(pr)" }
        return q
    }

    @Test("episodes, recovery and gates from uploaded jobs; the page, the gauge and the CLI agree")
    func scorecard() async throws {
        try await TestDatabase.withStore { store, url in
            let token = try await IngestTests.token(store)
            let auth = [("Authorization", "Bearer \(token)")]
            let l2Since = Self.asOf.addingTimeInterval(-40 * 86_400)
            try await TestServer.with(store: store, configure: { $0.l2Since = l2Since }) { server in
                // Bad times are refused, naming the field; nothing is stored.
                let bad = try await server.request(
                    .POST, "/api/v1/uploads?repo=ibm/torch-spyre&sha=x&stage=1&queued_at=yesterday",
                    body: Self.report(failing: 0), headers: auth)
                #expect(bad.status == 400 && bad.body.contains("queued_at must be an RFC 3339"), "\(bad.body)")

                // Stage 1, nightly: day 3 times out, days 7 and 8 fail their tests, days 10 and 11
                // have no run.
                for day in 0...9 {
                    let conclusion = day == 3 ? "timed_out" : (day == 7 || day == 8) ? "failure" : "success"
                    let q = Self.query(
                        sha: String(format: "%040x", day), run: "n\(day)", stage: 1,
                        at: Self.day0.addingTimeInterval(Double(day) * 86_400), queue: 0, run: 3600,
                        conclusion: conclusion, event: "schedule")
                    let r = try await server.request(
                        .POST, q, body: Self.report(failing: conclusion == "failure" ? 1 : 0), headers: auth)
                    try #require(r.status == 202, "\(r.body)")
                }
                // Stage 4, on PRs: ten jobs queued 10 minutes, running an hour; the 4th times out
                // and the 6th fails. A nightly job of stage 4 that times out does not count.
                for i in 1...10 {
                    let conclusion = i == 4 ? "timed_out" : i == 6 ? "failure" : "success"
                    let q = Self.query(
                        sha: String(format: "%040x", 100 + i), run: "p\(i)", stage: 4,
                        at: Self.asOf.addingTimeInterval(-Double(i) * 86_400), queue: 600, run: 3600,
                        conclusion: conclusion, pr: 500 + i, event: "pull_request")
                    let r = try await server.request(
                        .POST, q, body: Self.report(failing: i == 6 ? 1 : 0), headers: auth)
                    try #require(r.status == 202, "\(r.body)")
                }
                let night = Self.query(
                    sha: String(format: "%040x", 999), run: "x", stage: 4, at: Self.asOf.addingTimeInterval(-86_400),
                    queue: 0, run: 5 * 3600, conclusion: "timed_out", event: "schedule")
                #expect(
                    try await server.request(.POST, night, body: Self.report(failing: 0), headers: auth).status == 202)
                try await FlakyHistory.settle(store)

                let one = TestServer.json(
                    try await server.request(
                        .GET, "/api/v1/scorecard?repo=ibm/torch-spyre&stage=1&as_of=\(Self.asOfDay)"
                    ).body)
                #expect(one["stage"] as? Int == 1 && one["window_days"] as? Int == 30)
                let outages = one["outages"] as? [[String: Any]] ?? []
                #expect(outages.map { $0["hours"] as? Double } == [25, 49, 46])
                #expect(outages.map { $0["cause"] as? String } == ["incident", "failing_tests", "no_runs"])
                #expect(outages.map { $0["end"] is NSNull } == [false, false, true])
                #expect(outages.first?["start"] as? String == RFC3339.string(Self.day0.addingTimeInterval(3 * 86_400)))
                let criteria = one["criteria"] as? [String: Any] ?? [:]
                #expect(criteria["open_outage_hours"] as? Double == 46)
                #expect(criteria["worst_recovery_hours"] as? Double == 49)
                #expect(criteria["flaky_share"] as? Double == 0)
                #expect(criteria["commits"] as? Int == 10)

                let four = TestServer.json(
                    try await server.request(
                        .GET, "/api/v1/scorecard?repo=ibm/torch-spyre&stage=4&as_of=\(Self.asOfDay)"
                    ).body)
                let l3 = four["l3"] as? [String: Any] ?? [:]
                #expect(l3["window_days"] as? Int == 14)
                let gates = Dictionary(
                    uniqueKeysWithValues: (l3["gates"] as? [[String: Any]] ?? []).map {
                        ($0["name"] as? String ?? "", $0)
                    })
                #expect(gates.keys.sorted() == GateRules.names.sorted())
                #expect(gates["days_at_l2"]?["value"] as? Double == 40)
                #expect(gates["days_at_l2"]?["pass"] as? Bool == true)
                #expect(abs((gates["e2e_p50_hours"]?["value"] as? Double ?? 0) - 70.0 / 60) < 1e-9)
                #expect(gates["overrun_rate"]?["value"] as? Double == 0)
                #expect(gates["avg_queue_minutes"]?["value"] as? Double == 10)
                #expect(gates["timeout_rate"]?["value"] as? Double == 0.1)
                #expect(gates["timeout_rate"]?["pass"] as? Bool == false)
                #expect(gates["job_pass_rate"]?["value"] as? Double == 0.8)
                #expect((gates["job_pass_rate"]?["breaking"] as? [Int])?.count == 2)
                let demotion = (l3["demotion"] as? [String: Any])?["gates"] as? [[String: Any]] ?? []
                #expect(demotion.map { $0["name"] as? String } == ["e2e_p50_hours", "timeout_rate", "job_pass_rate"])
                // Jobs 1–7 ended in the last 7 days (job 7 ended 6 d 22 h 50 min before as_of).
                #expect(demotion.first { $0["name"] as? String == "timeout_rate" }?["counted"] as? Int == 7)

                // The job shows its CI times, in the API and on its page.
                let jobs = TestServer.json(try await server.request(.GET, "/api/v1/jobs?stage=4&limit=1").body)
                let newest = (jobs["items"] as? [[String: Any]])?.first ?? [:]
                let started = try #require(newest["started_at"] as? String)
                #expect(newest["queued_at"] is String && newest["finished_at"] is String)
                let jobPage = try await server.request(.GET, "/jobs/\(newest["id"] as? Int ?? 0)").body
                #expect(jobPage.contains("started \(started)"), "\(started)")

                // Every stage at once; bad parameters are 4xx naming what is wrong.
                let all = TestServer.json(
                    try await server.request(.GET, "/api/v1/scorecard?as_of=\(Self.asOfDay)").body)
                #expect(all["repo"] as? String == "ibm/torch-spyre")
                #expect((all["stages"] as? [[String: Any]])?.count == 5)
                let badDay = try await server.request(.GET, "/api/v1/scorecard?as_of=2026-02-30")
                #expect(badDay.status == 400 && badDay.body.contains("bad_as_of"), "\(badDay.body)")
                let badWindow = try await server.request(.GET, "/api/v1/scorecard?window=91d")
                #expect(badWindow.status == 400 && badWindow.body.contains("bad_window"), "\(badWindow.body)")
                #expect(try await server.request(.GET, "/api/v1/scorecard?stage=9").status == 404)

                // The page: every criterion and gate with a symbol and a word.
                let page = try await server.request(.GET, "/health?as_of=\(Self.asOfDay)")
                #expect(page.status == 200)
                #expect(page.body.contains("✗ fail") && page.body.contains("✓ pass"))
                #expect(page.body.contains("no runs") && page.body.contains("failing tests"))
                for name in GateRules.names { #expect(page.body.contains(name), "\(name)") }
                #expect(try await server.request(.GET, "/").body.contains(#"href="/health""#))
                #expect(try await server.request(.GET, "/stages").body.contains(#"href="/health""#))

                // README's picture of the page (HUDRELAY_UPDATE_SCREENSHOTS=1, as BrowserTests).
                if ProcessInfo.processInfo.environment["HUDRELAY_UPDATE_SCREENSHOTS"] == "1",
                    let chromium = BrowserTests.chromium
                {
                    let png = TestDatabase.repoRoot.appendingPathComponent("docs/screenshots/scorecard.png")
                    _ = try await CLIRun.run(
                        BrowserTests.flags + [
                            "--window-size=1280,1500", "--screenshot=\(png.path)",
                            server.base + "/health?stage=1&as_of=\(Self.asOfDay)",
                        ], executable: chromium)
                }

                // The gauge: stage 1's no-runs outage is open now.
                let metrics = try await server.request(.GET, "/metrics").body
                let line = metrics.split(separator: "\n").first {
                    $0.hasPrefix(#"hudrelay_outage_open_hours{repo="ibm/torch-spyre",stage="1"}"#)
                }
                let age = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? -1
                #expect(age >= 46, "\(line ?? "no gauge")")
            }
            // Grafana's L3 panel, its window ending at as_of, gives the API's gate figures.
            let board = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: GrafanaTests.dir.appendingPathComponent("hudrelay-scorecard.json")))
                    as? [String: Any])
            let panel = try #require(
                GrafanaTests.panels(board).first { ($0["title"] as? String ?? "").hasPrefix("L3 gates") })
            let raw = try #require((panel["targets"] as? [[String: Any]])?.first?["rawSql"] as? String)
            let sql = GrafanaTests.expand(
                raw.replacingOccurrences(of: "$__timeTo()", with: "'\(RFC3339.string(Self.asOf))'"),
                variables: ["stage": "'4'"])
            let rows = try await store.client.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT stage, e2e_p50_hours, overrun_rate, avg_queue_minutes, timeout_rate, job_pass_rate, jobs FROM (\(sql)) t"
                ),
                logger: TestDatabase.logger)
            var seen: [(String, Double, Double, Double, Double, Double, Int64)] = []
            for try await r in rows.decode((String, Double, Double, Double, Double, Double, Int64).self) {
                seen.append(r)
            }
            #expect(seen.count == 1)
            if let r = seen.first {
                #expect(r.0 == "4" && abs(r.1 - 70.0 / 60) < 1e-9 && r.2 == 0 && abs(r.3 - 10) < 1e-9)
                #expect(r.4 == 0.1 && r.5 == 0.8 && r.6 == 10)
            }
            // The alert on the gauge: AlertRulesTests (promtool).

            // The CLI gives the API's figures.
            let cli = try await CLIRun.run([
                "scorecard", "--database-url", url.description, "--stage", "1", "--as-of", Self.asOfDay,
                "--format", "json",
            ])
            #expect(cli.status == 0, "\(cli.stderr)")
            let json = TestServer.json(cli.stdout)
            #expect((json["outages"] as? [[String: Any]])?.map { $0["hours"] as? Double } == [25, 49, 46])
            let table = try await CLIRun.run([
                "scorecard", "--database-url", url.description, "--stage", "4", "--as-of", Self.asOfDay,
            ])
            #expect(table.stdout.contains("4\tgate\ttimeout_rate\t0.100\t< 0.01\tfail"), "\(table.stdout)")
            // The L2 date from the flag, and a bad one from the environment named in one line.
            let l2 = try await CLIRun.run([
                "scorecard", "--database-url", url.description, "--stage", "4", "--as-of", Self.asOfDay,
                "--l2-since", CycleWeek.day(Self.asOf.addingTimeInterval(-10 * 86_400)), "--format", "json",
            ])
            let l2Gates = ((TestServer.json(l2.stdout)["l3"] as? [String: Any])?["gates"] as? [[String: Any]]) ?? []
            #expect(l2Gates.first { $0["name"] as? String == "days_at_l2" }?["value"] as? Double == 10)
            let badL2 = try await CLIRun.run(
                ["scorecard", "--database-url", url.description],
                environment: ["HUDRELAY_SCORECARD_L2_SINCE": "2026-13-01"])
            #expect(badL2.status != 0 && badL2.stderr.contains("HUDRELAY_SCORECARD_L2_SINCE"), "\(badL2.stderr)")
            #expect(badL2.stderr.split(separator: "\n").count == 1, "one line: \(badL2.stderr)")
            let wrong = try await CLIRun.run(["scorecard", "--database-url", url.description, "--as-of", "tomorrow"])
            #expect(wrong.status != 0 && wrong.stderr.contains("--as-of"))
        }
    }
}
