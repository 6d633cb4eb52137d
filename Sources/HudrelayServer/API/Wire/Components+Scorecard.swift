import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayScope
import HudrelayScorecard

extension Components.Schemas.Scorecard {
    /// The wire form of a stage's scorecard.
    init(_ c: Scorecard, repo: String?, stage: Stage, l2Since: Date?) {
        let r = c.windowRecovery
        self.init(
            repo: repo, stage: c.stage, name: stage.name, cadence: stage.cadence.description, asOf: c.asOf,
            windowDays: c.windowDays,
            criteria: .init(
                flakyShare: c.flakyShare, flakyTarget: FlakyCriteria().target, publishedShare: c.publishedShare,
                openOutageHours: c.openOutageHours, worstRecoveryHours: r.worstHours,
                recoveryTargetHours: RecoveryFigures.deadlineHours, cycleTimeP50Hours: c.cycleP50Hours,
                cycleTimeP90Hours: c.cycleP90Hours, commits: c.cycles.count),
            outages: c.outages.map { o in
                .init(
                    start: o.start, end: o.end, hours: o.hours(asOf: c.asOf),
                    cause: .init(rawValue: o.cause.rawValue) ?? .incident, open: o.isOpen, runs: o.runs,
                    jobs: o.jobs.map { Int($0) })
            },
            recovery: c.recovery.map {
                .init(
                    windowDays: $0.windowDays, ended: $0.ended, withinDeadline: $0.withinDeadline,
                    meanHours: $0.meanHours, worstHours: $0.worstHours, openHours: $0.openHours)
            },
            cycleWeeks: c.cycleWeeks.map {
                .init(
                    week: $0.week, commits: $0.commits, p50Hours: $0.p50Hours, p90Hours: $0.p90Hours,
                    queueP50Hours: $0.queueP50Hours, runP50Hours: $0.runP50Hours, ingestP50Hours: $0.ingestP50Hours)
            },
            l3: .init(
                windowDays: GateRules.promotionDays, l2Since: l2Since.map(CycleWeek.day),
                pass: c.promotion.allSatisfy(\.pass), gates: c.promotion.map(Components.Schemas.Gate.init),
                demotion: .init(windowDays: GateRules.demotionDays, gates: c.demotion.map(Components.Schemas.Gate.init))
            ),
            trend: c.trend.map {
                .init(
                    week: $0.week, outageHours: $0.outageHours, jobPassRate: $0.jobPassRate,
                    cycleP50Hours: $0.cycleP50Hours)
            })
    }
}

extension Components.Schemas.Gate {
    /// The wire form of a gate.
    init(_ g: HudrelayScorecard.Gate) {
        self.init(
            name: .init(rawValue: g.name) ?? .daysAtL2, value: g.value, target: g.target,
            comparison: .init(rawValue: g.comparison.rawValue) ?? ._lt_, pass: g.pass,
            status: .init(rawValue: g.status) ?? .noData, counted: g.counted, breaking: g.breaking.map { Int($0) },
            breakingCount: g.breakingCount)
    }
}
