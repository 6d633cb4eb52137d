import Foundation
import HudrelayScorecard
import Testing

/// Twenty PR-path jobs over 14 days with chosen queue times, run times and conclusions, and jobs
/// that must not count: exactly the gate figures and the jobs that break each.
@Suite struct GateRulesTests {
    static let asOf = ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!

    /// Job `i` (1–20) begins `14 − 0.6·i` days before `asOf`: queued 10 minutes (job 3: two
    /// hours), running an hour (job 5: four hours; job 15: two, and times out); job 9 fails.
    static let jobs: [JobTiming] = {
        var jobs: [JobTiming] = []
        for i in 1...20 {
            let queued = asOf.addingTimeInterval(-14 * 86_400 + Double(i) * 0.6 * 86_400)
            let queue: Double = i == 3 ? 7200 : 600
            let run: Double = i == 5 ? 4 * 3600 : i == 15 ? 2 * 3600 : 3600
            let conclusion = i == 15 ? "timed_out" : i == 9 ? "failure" : "success"
            let start = queued.addingTimeInterval(queue)
            jobs.append(
                JobTiming(
                    id: Int64(i), name: "test", sha: "c\(i)", run: "pr-run-\(i)", pr: 100 + i,
                    eventType: "pull_request", conclusion: conclusion, executedTests: 10,
                    failedTests: i == 9 ? 1 : 0, createdAt: queued, queuedAt: queued, startedAt: start,
                    finishedAt: start.addingTimeInterval(run)))
        }
        // Not PR-path: a nightly that timed out. Outside the window: a PR job 15 days back.
        let night = asOf.addingTimeInterval(-86_400)
        jobs.append(
            JobTiming(
                id: 90, run: "n", eventType: "nightly", conclusion: "timed_out", createdAt: night, queuedAt: night,
                startedAt: night, finishedAt: night.addingTimeInterval(5 * 3600)))
        let old = asOf.addingTimeInterval(-15 * 86_400)
        jobs.append(
            JobTiming(
                id: 91, run: "old", pr: 7, conclusion: "timed_out", createdAt: old, queuedAt: old, startedAt: old,
                finishedAt: old.addingTimeInterval(3600)))
        return jobs
    }()

    static func gate(_ gates: [Gate], _ name: String) -> Gate { gates.first { $0.name == name }! }

    @Test func promotionGatesOver14Days() {
        let since = Self.asOf.addingTimeInterval(-20 * 86_400 - 3600)
        let gates = GateRules.gates(Self.jobs, days: 14, asOf: Self.asOf, l2Since: since)
        #expect(gates.map(\.name) == GateRules.names)
        let l2 = Self.gate(gates, "days_at_l2")
        #expect(l2.value == 20)
        #expect(!l2.pass)
        let e2e = Self.gate(gates, "e2e_p50_hours")
        #expect(e2e.counted == 20)
        #expect(abs(e2e.value! - 70.0 / 60) < 1e-9)
        #expect(e2e.pass)
        #expect(e2e.breaking == [3, 5])
        let overrun = Self.gate(gates, "overrun_rate")
        #expect(overrun.counted == 19)
        #expect(overrun.value == 1.0 / 19)
        #expect(overrun.breaking == [5])
        #expect(!overrun.pass)
        let queue = Self.gate(gates, "avg_queue_minutes")
        #expect(queue.value == 15.5)
        #expect(queue.breaking == [3])
        #expect(queue.pass)
        let timeouts = Self.gate(gates, "timeout_rate")
        #expect(timeouts.value == 0.05)
        #expect(timeouts.breaking == [15])
        #expect(!timeouts.pass)
        let pass = Self.gate(gates, "job_pass_rate")
        #expect(pass.value == 0.9)
        #expect(pass.breaking == [9, 15])
        #expect(pass.pass)
    }

    @Test func demotionGatesOver7Days() {
        // Jobs 12–20 ended in the last 7 days.
        let gates = GateRules.demotionGates(Self.jobs, asOf: Self.asOf)
        #expect(gates.map(\.name) == GateRules.demotionNames)
        #expect(Self.gate(gates, "timeout_rate").counted == 9)
        #expect(Self.gate(gates, "timeout_rate").value == 1.0 / 9)
        #expect(Self.gate(gates, "job_pass_rate").value == 8.0 / 9)
        #expect(!Self.gate(gates, "job_pass_rate").pass)
    }

    @Test func noJobsIsNoDataNotAPass() {
        let gates = GateRules.gates([], days: 14, asOf: Self.asOf, l2Since: nil)
        #expect(gates.allSatisfy { $0.value == nil && !$0.pass && $0.status == "no_data" })
    }

    @Test func cycleTimeSplitAndPercentiles() {
        let t = Self.asOf.addingTimeInterval(-5 * 86_400)
        func at(_ minutes: Double) -> Date { t.addingTimeInterval(minutes * 60) }
        // Commit a: two jobs. Queue to the first start 10 min, run to the last CI finish 110 min,
        // ingest and analysis 5 min; its first report processed at 75 min.
        var jobs = [
            JobTiming(
                id: 1, sha: "a", run: "ra", pr: 1, conclusion: "success", executedTests: 1, createdAt: at(0),
                queuedAt: at(0), startedAt: at(10), finishedAt: at(70), firstResultAt: at(75),
                lastResultAt: at(80)),
            JobTiming(
                id: 2, sha: "a", run: "ra", pr: 1, conclusion: "success", executedTests: 1, createdAt: at(0),
                queuedAt: at(0), startedAt: at(20), finishedAt: at(120), firstResultAt: at(123),
                lastResultAt: at(125)),
        ]
        // Commits b–e: one job each, 1, 2, 3 and 4 hours in all.
        for (n, sha) in ["b", "c", "d", "e"].enumerated() {
            let q = at(Double(n + 1) * 600)
            jobs.append(
                JobTiming(
                    id: Int64(10 + n), sha: sha, run: "r\(sha)", pr: 2, conclusion: "success", executedTests: 1,
                    createdAt: q, queuedAt: q, startedAt: q, finishedAt: q.addingTimeInterval(Double(n + 1) * 3600),
                    firstResultAt: q.addingTimeInterval(Double(n + 1) * 3600),
                    lastResultAt: q.addingTimeInterval(Double(n + 1) * 3600)))
        }
        // Commit f has a job still running: no cycle yet.
        jobs.append(JobTiming(id: 20, sha: "f", run: "rf", pr: 3, createdAt: at(0), queuedAt: at(0), startedAt: at(1)))
        let cycles = CommitCycle.cycles(jobs)
        #expect(cycles.map(\.sha) == ["a", "b", "c", "d", "e"])
        let a = cycles[0]
        #expect(abs(a.hours - 125.0 / 60) < 1e-9)
        #expect(abs(a.queueHours - 10.0 / 60) < 1e-9)
        #expect(abs(a.runHours - 110.0 / 60) < 1e-9)
        #expect(abs(a.ingestHours - 5.0 / 60) < 1e-9)
        #expect(abs(a.toFirstResultHours! - 75.0 / 60) < 1e-9)
        let hours = cycles.map(\.hours)
        #expect(abs(Percentile.of(hours, 0.5)! - 125.0 / 60) < 1e-9)
        #expect(abs(Percentile.of(hours, 0.9)! - 3.6) < 1e-9)
        let weeks = CycleWeek.weeks(cycles)
        #expect(weeks.map(\.week) == ["2026-11-23"])
        #expect(weeks[0].commits == 5)
    }

    @Test func weeksBeginOnMonday() {
        let f = ISO8601DateFormatter()
        #expect(CycleWeek.monday(of: f.date(from: "2026-11-30T23:00:00Z")!) == "2026-11-30")
        #expect(CycleWeek.monday(of: f.date(from: "2026-11-29T23:00:00Z")!) == "2026-11-23")
        #expect(CycleWeek.monday(of: f.date(from: "1970-01-01T00:00:00Z")!) == "1969-12-29")
        // Days agree with Foundation's calendar from 1901 to 2199, leap days included.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for n in stride(from: -25_000, through: 84_000, by: 97) {
            let date = Date(timeIntervalSince1970: Double(n) * 86_400 + 3600)
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(CycleWeek.day(date) == String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))
        }
        #expect(CycleWeek.day(f.date(from: "2028-02-29T12:00:00Z")!) == "2028-02-29")
    }
}
