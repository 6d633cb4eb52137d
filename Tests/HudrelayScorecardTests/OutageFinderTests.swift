import Foundation
import HudrelayScorecard
import Testing

/// A nightly stage's 90 days with chosen incidents, failing runs, a gap and a late run: exactly
/// the episodes, recovery times and causes docs/scorecard.md defines.
@Suite struct OutageFinderTests {
    static let day0 = ISO8601DateFormatter().date(from: "2026-09-01T02:00:00Z")!
    static let asOf = ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!

    /// One nightly run of one job on day `day`, at `hour` UTC, running an hour.
    static func nightly(
        _ day: Int, hour: Double = 2, conclusion: String = "success", failed: Int = 0, id: Int64? = nil
    ) -> JobTiming {
        let start = day0.addingTimeInterval(Double(day) * 86_400 + (hour - 2) * 3600)
        let jobID = id ?? Int64(day * 10)
        return JobTiming(
            id: jobID, name: "nightly", sha: "sha\(jobID)", run: "run\(jobID)", eventType: "nightly",
            conclusion: conclusion, executedTests: 100, failedTests: failed, createdAt: start,
            queuedAt: start, startedAt: start, finishedAt: start.addingTimeInterval(3600),
            firstResultAt: start.addingTimeInterval(3700), lastResultAt: start.addingTimeInterval(3800))
    }

    /// The history: green nights except day 10 (timed out), days 20–21 (tests failed), no runs
    /// on days 40–44, day 60 (failed with no failed test), day 61 (cancelled at 02:00, green at
    /// 11:00), day 70 ten hours late, and days 88–89 failing (open at `asOf`).
    static let history: [JobTiming] = {
        var jobs: [JobTiming] = []
        for day in 0...89 where !(40...44).contains(day) {
            switch day {
            case 10: jobs.append(nightly(day, conclusion: "timed_out"))
            case 20, 21, 89: jobs.append(nightly(day, conclusion: "failure", failed: 5))
            case 60, 88: jobs.append(nightly(day, conclusion: "failure"))
            case 61:
                jobs.append(nightly(day, conclusion: "cancelled"))
                jobs.append(nightly(day, hour: 11, id: 611))
            case 70: jobs.append(nightly(day, hour: 12))
            default: jobs.append(nightly(day))
            }
        }
        return jobs
    }()

    @Test func episodesStartEndAndCause() {
        let runs = RunHealth.runs(Self.history, asOf: Self.asOf)
        let outages = OutageFinder(runsPerDay: 1).outages(runs, asOf: Self.asOf)
        #expect(outages.map { $0.hours(asOf: Self.asOf) } == [25, 49, 121, 34, 46])
        #expect(outages.map(\.cause) == [.incident, .failingTests, .noRuns, .incident, .incident])
        #expect(outages.map(\.isOpen) == [false, false, false, false, true])
        #expect(outages[0].jobs == [100])
        #expect(outages[1].jobs == [200, 210])
        #expect(outages[2].jobs == [])
        #expect(outages[2].start == Self.day0.addingTimeInterval(40 * 86_400))
        #expect(outages[4].jobs == [880, 890])
    }

    @Test func recoveryOver30And90Days() {
        let outages = OutageFinder(runsPerDay: 1).outages(
            RunHealth.runs(Self.history, asOf: Self.asOf), asOf: Self.asOf)
        let r30 = RecoveryFigures(outages, days: 30, asOf: Self.asOf)
        #expect(r30.ended == 1)
        #expect(r30.meanHours == 34)
        #expect(r30.worstHours == 46)
        #expect(r30.openHours == 46)
        let r90 = RecoveryFigures(outages, days: 90, asOf: Self.asOf)
        #expect(r90.ended == 4)
        #expect(r90.meanHours == 57.25)
        #expect(r90.worstHours == 121)
        #expect(r90.withinDeadline == 3)
    }

    @Test func onPRStagesHaveNoGapsAndPRFailuresSayNothing() {
        // On pull requests: a week without runs is no outage, and a PR whose tests fail does not
        // start one; a PR run that times out does, and the next green PR run ends it.
        func pr(_ day: Int, _ conclusion: String, failed: Int = 0) -> JobTiming {
            var j = Self.nightly(day, conclusion: conclusion, failed: failed)
            j.pr = 1000 + day
            j.eventType = "pull_request"
            return j
        }
        let jobs = [pr(0, "success"), pr(8, "failure", failed: 3), pr(9, "timed_out"), pr(10, "success")]
        let outages = OutageFinder(runsPerDay: nil).outages(RunHealth.runs(jobs, asOf: Self.asOf), asOf: Self.asOf)
        #expect(outages.map { $0.hours(asOf: Self.asOf) } == [25])
        #expect(outages.map(\.cause) == [.incident])
    }

    @Test func aRunIsGreenUnlessEveryJobFailedOrOneHitAnIncident() {
        func job(_ id: Int64, _ conclusion: String?, failed: Int = 0, analyzed: Bool = true) -> JobTiming {
            let t = Self.day0
            return JobTiming(
                id: id, run: "r", conclusion: conclusion, executedTests: analyzed ? 10 : nil, failedTests: failed,
                createdAt: t, startedAt: t, finishedAt: t.addingTimeInterval(60),
                firstResultAt: t.addingTimeInterval(70), lastResultAt: analyzed ? t.addingTimeInterval(80) : nil)
        }
        func verdict(_ jobs: [JobTiming]) -> RunHealth.Verdict {
            RunHealth.runs(jobs, asOf: Self.asOf)[0].verdict
        }
        #expect(verdict([job(1, "success"), job(2, "failure", failed: 1)]) == .green)
        #expect(verdict([job(1, "failure", failed: 2), job(2, "failure", failed: 1)]) == .failingTests)
        #expect(verdict([job(1, "success"), job(2, "timed_out")]) == .incident)
        #expect(verdict([job(1, "success"), job(2, "failure")]) == .incident)
        #expect(verdict([job(1, "cancelled"), job(2, "skipped")]) == .neutral)
        // No conclusion from CI: the reports decide, once analyzed.
        #expect(verdict([job(1, nil)]) == .green)
        #expect(verdict([job(1, nil, failed: 1)]) == .failingTests)
        #expect(verdict([job(1, "failure", analyzed: false)]) == .incident)
        var infra = job(1, "failure", failed: 9)
        infra.infraIncident = true
        #expect(verdict([infra]) == .incident)
    }
}
