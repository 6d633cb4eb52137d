import Foundation

/// HUD's L2-to-L3 gates (torch-spyre-ci.md §7; docs/scorecard.md, "L3 readiness"), computed from
/// a stage's PR-path jobs (`pr_number > 0`) that ended in a window. Each rule is here once.
public enum GateRules {
    /// The gate names, in the order HUD's readiness panel shows them.
    public static let names = [
        "days_at_l2", "e2e_p50_hours", "overrun_rate", "avg_queue_minutes", "timeout_rate", "job_pass_rate",
    ]
    /// The gates that also demote (over the 7-day window).
    public static let demotionNames = ["e2e_p50_hours", "timeout_rate", "job_pass_rate"]
    /// The promotion window.
    public static let promotionDays = 14
    /// The demotion window.
    public static let demotionDays = 7
    /// Days at L2 before promotion.
    public static let daysAtL2 = 30.0
    /// A run's end-to-end time (queue and execution) and a job's execution, hours.
    public static let overrunHours = 3.0

    /// The PR-path jobs of `jobs` that ended (with a conclusion) in the `days` days up to `asOf`.
    public static func window(_ jobs: [JobTiming], days: Int, asOf: Date) -> [JobTiming] {
        let from = asOf.addingTimeInterval(-Double(days) * 86_400)
        return jobs.filter { job in
            guard job.isPRPath, job.effectiveConclusion != nil else { return false }
            let end = job.end ?? job.begin
            return end > from && end <= asOf
        }
        .sorted { ($0.begin, $0.id) < ($1.begin, $1.id) }
    }

    /// Every gate over the `days` days up to `asOf` (`l2Since`: the day the backend reached L2).
    public static func gates(_ jobs: [JobTiming], days: Int, asOf: Date, l2Since: Date?) -> [Gate] {
        let w = window(jobs, days: days, asOf: asOf)
        return [daysAtL2(asOf: asOf, since: l2Since), e2e(w), overrun(w), queue(w), timeouts(w), passRate(w)]
    }

    /// The demotion gates over the 7 days up to `asOf`.
    public static func demotionGates(_ jobs: [JobTiming], asOf: Date) -> [Gate] {
        let w = window(jobs, days: demotionDays, asOf: asOf)
        return [e2e(w), timeouts(w), passRate(w)]
    }

    /// Whole days since `since` (at least 30).
    static func daysAtL2(asOf: Date, since: Date?) -> Gate {
        let days = since.map { max(0, (asOf.timeIntervalSince($0) / 86_400).rounded(.down)) }
        return Gate(name: "days_at_l2", value: days, target: daysAtL2, comparison: .atLeast, counted: Int(days ?? 0))
    }

    /// The median of each run's end-to-end time, from its first job queued to its last finished,
    /// in hours (under 3). The runs of 3 hours or more break it.
    static func e2e(_ jobs: [JobTiming]) -> Gate {
        var runs: [(hours: Double, jobs: [Int64])] = []
        for (_, js) in Dictionary(grouping: jobs, by: \.run) {
            let begin = js.map { $0.queuedAt ?? $0.begin }.min()!
            let end = js.compactMap(\.end).max() ?? begin
            runs.append((max(0, end.timeIntervalSince(begin)) / 3600, js.map(\.id)))
        }
        let breaking = runs.filter { $0.hours >= overrunHours }.flatMap(\.jobs).sorted()
        return Gate(
            name: "e2e_p50_hours", value: Percentile.of(runs.map(\.hours), 0.5), target: overrunHours,
            comparison: .below, counted: runs.count, breaking: breaking)
    }

    /// The share of jobs whose execution (started to finished) took over 3 hours, timed-out jobs
    /// left out of both counts (under 1%).
    static func overrun(_ jobs: [JobTiming]) -> Gate {
        let timed = jobs.filter { $0.effectiveConclusion != "timed_out" && $0.runSeconds != nil }
        let over = timed.filter { $0.runSeconds! > overrunHours * 3600 }
        return Gate(
            name: "overrun_rate", value: timed.isEmpty ? nil : Double(over.count) / Double(timed.count),
            target: 0.01, comparison: .below, counted: timed.count, breaking: over.map(\.id))
    }

    /// The mean of queued to started, in minutes, over jobs that have both (under 30). Jobs that
    /// queued 30 minutes or more break it.
    static func queue(_ jobs: [JobTiming]) -> Gate {
        let queued = jobs.filter { $0.queueSeconds != nil }
        let minutes = queued.map { $0.queueSeconds! / 60 }
        return Gate(
            name: "avg_queue_minutes", value: Percentile.mean(minutes), target: 30, comparison: .below,
            counted: queued.count, breaking: queued.filter { $0.queueSeconds! >= 1800 }.map(\.id))
    }

    /// Jobs that timed out ÷ jobs (under 1%).
    static func timeouts(_ jobs: [JobTiming]) -> Gate {
        let out = jobs.filter { $0.effectiveConclusion == "timed_out" }
        return Gate(
            name: "timeout_rate", value: jobs.isEmpty ? nil : Double(out.count) / Double(jobs.count),
            target: 0.01, comparison: .below, counted: jobs.count, breaking: out.map(\.id))
    }

    /// Jobs that succeeded ÷ completed jobs, skipped ones left out (at least 90%).
    static func passRate(_ jobs: [JobTiming]) -> Gate {
        let completed = jobs.filter { $0.effectiveConclusion != "skipped" }
        let failed = completed.filter { $0.effectiveConclusion != "success" }
        let value = completed.isEmpty ? nil : Double(completed.count - failed.count) / Double(completed.count)
        return Gate(
            name: "job_pass_rate", value: value, target: 0.9, comparison: .atLeast, counted: completed.count,
            breaking: failed.map(\.id))
    }
}
