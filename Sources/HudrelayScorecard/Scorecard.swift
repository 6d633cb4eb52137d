import Foundation

/// A stage's scorecard as of a moment: the seed's quality criteria, its outages and their
/// recovery, cycle times, and HUD's L3 gates (docs/scorecard.md).
public struct Scorecard: Sendable, Hashable {
    /// The stage.
    public var stage: Int
    /// When it is computed for.
    public var asOf: Date
    /// The criteria's window.
    public var windowDays: Int
    /// Flaky tests ÷ executed tests over the window (`nil`: none ran).
    public var flakyShare: Double?
    /// Finished jobs of the window whose results were delivered to HUD ÷ finished jobs (`nil`:
    /// none finished).
    public var publishedShare: Double?
    /// The outages that overlap the last 90 days, oldest first.
    public var outages: [Outage]
    /// Recovery over 30 and over 90 days.
    public var recovery: [RecoveryFigures]
    /// The cycles of the window's commits.
    public var cycles: [CommitCycle]
    /// Cycle percentiles per week over 90 days.
    public var cycleWeeks: [CycleWeek]
    /// The promotion gates over 14 days.
    public var promotion: [Gate]
    /// The demotion gates over 7 days.
    public var demotion: [Gate]
    /// Thirteen weeks of trend.
    public var trend: [TrendWeek]
    /// Runs that counted (green or not) in the 91 days read.
    public var runs: Int

    /// How far back a scorecard reads: the longest window (90 days) and a day before it, so an
    /// outage open when it began is seen.
    public static let historyDays = 91

    /// The scorecard of one stage's `jobs` (those that began in the last ``historyDays`` days).
    public init(
        stage: Int, jobs: [JobTiming], runsPerDay: Int?, asOf: Date, windowDays: Int, l2Since: Date?,
        flakyShare: Double?, publishedShare: Double?
    ) {
        self.stage = stage
        self.asOf = asOf
        self.windowDays = windowDays
        self.flakyShare = flakyShare
        self.publishedShare = publishedShare
        let runs = RunHealth.runs(jobs, asOf: asOf)
        let all = OutageFinder(runsPerDay: runsPerDay).outages(runs, asOf: asOf)
        self.runs = runs.filter { $0.verdict != .pending && $0.verdict != .neutral }.count
        let ninety = asOf.addingTimeInterval(-90 * 86_400)
        outages = all.filter { ($0.end ?? asOf) > ninety }
        recovery = [30, 90].map { RecoveryFigures(all, days: $0, asOf: asOf) }
        let seen = jobs.allSatisfy { $0.begin <= asOf } ? jobs : jobs.filter { $0.begin <= asOf }
        let allCycles = CommitCycle.cycles(seen).filter { $0.dispatch > ninety }
        let from = asOf.addingTimeInterval(-Double(windowDays) * 86_400)
        cycles = allCycles.filter { $0.dispatch > from }
        cycleWeeks = CycleWeek.weeks(allCycles)
        promotion = GateRules.gates(seen, days: GateRules.promotionDays, asOf: asOf, l2Since: l2Since)
        demotion = GateRules.demotionGates(seen, asOf: asOf)
        trend = Self.trend(seen, outages: all, cycles: cycleWeeks, asOf: asOf)
    }

    /// Median cycle time over the window, hours.
    public var cycleP50Hours: Double? { Percentile.of(cycles.map(\.hours), 0.5) }
    /// 90th percentile cycle time over the window, hours.
    public var cycleP90Hours: Double? { Percentile.of(cycles.map(\.hours), 0.9) }
    /// The open outage's age, hours.
    public var openOutageHours: Double? { outages.last(where: \.isOpen)?.hours(asOf: asOf) }
    /// The recovery figures over the criteria's window (30 days when it is 30 or less, else 90).
    public var windowRecovery: RecoveryFigures { windowDays <= 30 ? recovery[0] : recovery[1] }

    /// Thirteen weeks up to `asOf`, oldest first.
    static func trend(_ jobs: [JobTiming], outages: [Outage], cycles: [CycleWeek], asOf: Date) -> [TrendWeek] {
        let cycleByWeek = Dictionary(uniqueKeysWithValues: cycles.map { ($0.week, $0.p50Hours) })
        let mondayDate = CycleWeek.mondayStart(of: asOf)
        return (0..<13).reversed().map { back in
            let start = mondayDate.addingTimeInterval(-Double(back) * 7 * 86_400)
            let end = min(asOf, start.addingTimeInterval(7 * 86_400))
            var down = 0.0
            for o in outages {
                let a = max(o.start, start)
                let b = min(o.end ?? asOf, end)
                if b > a { down += b.timeIntervalSince(a) / 3600 }
            }
            var (completed, passed) = (0, 0)
            for j in jobs where j.isPRPath {
                guard let c = j.effectiveConclusion, c != "skipped" else { continue }
                let e = j.end ?? j.begin
                guard e >= start && e < end else { continue }
                completed += 1
                if c == "success" { passed += 1 }
            }
            let key = CycleWeek.day(start)
            return TrendWeek(
                week: key, outageHours: down,
                jobPassRate: completed == 0 ? nil : Double(passed) / Double(completed),
                cycleP50Hours: cycleByWeek[key] ?? nil)
        }
    }
}
