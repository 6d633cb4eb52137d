import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayScorecard
import HudrelayStore

/// `hudrelay scorecard`'s table (tab-separated: one line per criterion, gate and outage) and
/// Markdown (a section per stage, for an issue or a wiki page).
enum ScorecardFormat {
    /// One figure of a stage: a criterion, a gate or an outage.
    struct Line {
        var kind: String
        var name: String
        var value: String
        var target: String
        var status: String
    }

    /// The lines of one stage's scorecard.
    static func lines(_ c: Scorecard) -> [Line] {
        let r = c.windowRecovery
        let (flaky, deadline, cycle) = (FlakyCriteria().target, RecoveryFigures.deadlineHours, GateRules.overrunHours)
        // The targets as the table writes them (`<= 72`, `< 3`, `< 0.05`).
        let (deadlineText, cycleText) = (String(Int(deadline)), String(Int(cycle)))
        var out = [
            Line(
                kind: "criterion", name: "published_share", value: fraction(c.publishedShare), target: ">= 1",
                status: status(c.publishedShare.map { $0 >= 1 })),
            Line(
                kind: "criterion", name: "flaky_share", value: fraction(c.flakyShare), target: "< \(flaky)",
                status: status(c.flakyShare.map { $0 < flaky })),
            Line(
                kind: "criterion", name: "open_outage_hours", value: number(c.openOutageHours),
                target: "<= \(deadlineText)",
                status: c.openOutageHours == nil ? "pass" : status(c.openOutageHours.map { $0 <= deadline })),
            Line(
                kind: "criterion", name: "worst_recovery_hours", value: number(r.worstHours),
                target: "<= \(deadlineText)",
                status: r.worstHours == nil ? "pass" : status(r.worstHours.map { $0 <= deadline })),
            Line(
                kind: "criterion", name: "cycle_time_p50_hours", value: number(c.cycleP50Hours),
                target: "< \(cycleText)",
                status: status(c.cycleP50Hours.map { $0 < cycle })),
            Line(
                kind: "criterion", name: "cycle_time_p90_hours", value: number(c.cycleP90Hours), target: "-",
                status: "-"),
        ]
        for g in c.promotion {
            out.append(
                Line(
                    kind: "gate", name: g.name, value: number(g.value), target: "\(g.comparison.rawValue) \(g.target)",
                    status: g.status))
        }
        for g in c.demotion {
            out.append(
                Line(
                    kind: "demotion", name: g.name, value: number(g.value),
                    target: "\(g.comparison.rawValue) \(g.target)", status: g.status))
        }
        for o in c.outages {
            out.append(
                Line(
                    kind: "outage", name: o.cause.rawValue,
                    value: RFC3339.string(o.start) + "/" + (o.end.map { RFC3339.string($0) } ?? "open"),
                    target: number(o.hours(asOf: c.asOf)), status: o.isOpen ? "open" : "ended"))
        }
        return out
    }

    /// Tab-separated, with a header.
    static func table(_ cards: [(Scorecard, Stage)], repo: String?) -> [String] {
        var out = ["stage\tkind\tname\tvalue\ttarget\tstatus"]
        for (c, _) in cards {
            for l in lines(c) { out.append("\(c.stage)\t\(l.kind)\t\(l.name)\t\(l.value)\t\(l.target)\t\(l.status)") }
        }
        return out
    }

    /// A section per stage.
    static func markdown(_ cards: [(Scorecard, Stage)], repo: String?) -> [String] {
        var out: [String] = []
        for (c, stage) in cards {
            out.append("## \(stage.name) (\(repo ?? "no jobs"), as of \(RFC3339.string(c.asOf)))")
            out.append("")
            out.append("| kind | name | value | target | status |")
            out.append("| --- | --- | --- | --- | --- |")
            for l in lines(c) {
                let mark = l.status == "pass" ? "✓ pass" : l.status == "fail" ? "✗ fail" : l.status
                out.append("| \(l.kind) | `\(l.name)` | \(l.value) | \(l.target) | \(mark) |")
            }
            out.append("")
        }
        return out
    }

    static func status(_ pass: Bool?) -> String { pass.map { $0 ? "pass" : "fail" } ?? "no_data" }
    static func number(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
    static func fraction(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
}
