import Foundation
import HudrelayScope
import HudrelayScorecard
import HudrelayStore

/// One stage's card on `/health`: its scorecard as the template's context, every status a symbol
/// and a word.
struct HealthCard {
    /// The template's context.
    let context: [String: Any]

    /// The card of `c`, the scorecard of `stage`.
    init(_ c: Scorecard, stage: Stage, flakyTarget: Double) {
        let hours = { (h: Double?) in h.map { String(format: "%.1f h", $0) } ?? "–" }
        let percent = { (x: Double?) in x.map(WebPage.percent) ?? "–" }
        let r = c.windowRecovery
        let worst = r.worstHours
        let criteria: [[String: Any]] = [
            Self.row(
                "Results public (jobs delivered to HUD)", percent(c.publishedShare), "every finished job",
                c.publishedShare.map { $0 >= 1 }, good: "public", bad: "not all public"),
            Self.row(
                "Flaky share", percent(c.flakyShare), "under \(WebPage.percent(flakyTarget))",
                c.flakyShare.map { $0 < flakyTarget }, good: "under target", bad: "over target"),
            Self.row(
                "Outage recovery (worst; open \(hours(c.openOutageHours)))", hours(worst), "within 72 h",
                worst.map { $0 <= RecoveryFigures.deadlineHours } ?? (c.runs > 0 ? true : nil),
                good: c.openOutageHours == nil ? "recovered" : "open, within 3 days", bad: "over 3 days"),
            Self.row(
                "Cycle time p50 / p90 (\(c.cycles.count) commits)",
                "\(hours(c.cycleP50Hours)) / \(hours(c.cycleP90Hours))", "p50 under 3 h",
                c.cycleP50Hours.map { $0 < GateRules.overrunHours }, good: "short", bad: "long"),
        ]
        let demotion = Dictionary(uniqueKeysWithValues: c.demotion.map { ($0.name, $0) })
        let gates: [[String: Any]] = c.promotion.map { g in
            var row = Self.row(
                g.name, Self.figure(g), "\(g.comparison.rawValue) \(Self.number(g.target, g.name))",
                g.value == nil ? nil : g.pass, good: "pass", bad: "fail")
            row["name"] = g.name
            row["value"] = Self.figure(g)
            row["demotion"] = demotion[g.name].map(Self.figure) ?? ""
            row["breakingCount"] = g.breakingCount
            row["breaking"] = g.breaking.prefix(5).map { String($0) }
            return row
        }
        let outages: [[String: Any]] = c.outages.reversed().map { o in
            [
                "start": RFC3339.string(o.start), "end": o.end.map { RFC3339.string($0) } ?? "open",
                "css": o.isOpen ? "bad" : "", "hours": String(format: "%.1f", o.hours(asOf: c.asOf)),
                "cause": o.cause.rawValue.replacingOccurrences(of: "_", with: " "),
                "jobs": o.jobs.prefix(5).map { String($0) },
            ]
        }
        let trend: [[String: Any]] = c.trend.map { w in
            [
                "week": w.week, "outage": String(format: "%.1f", w.outageHours),
                "outageCss": w.outageHours > 0 ? "bad" : "ok", "passRate": percent(w.jobPassRate),
                "cycle": hours(w.cycleP50Hours),
            ]
        }
        context = [
            "stage": stage.id, "name": stage.name, "cadence": stage.cadence.description, "criteria": criteria,
            "gates": gates, "l3pass": c.promotion.allSatisfy(\.pass), "outages": outages,
            "hasOutages": !outages.isEmpty, "trend": trend,
            "trendSVG": Self.trendSVG(c.trend),
        ]
    }

    /// A row with a status: ✓ and `good`, ✗ and `bad`, or – and "no data" when `pass` is `nil`.
    static func row(
        _ label: String, _ figure: String, _ target: String, _ pass: Bool?, good: String, bad: String
    ) -> [String: Any] {
        let status: (String, String, String) =
            switch pass {
            case .some(true): ("✓", good, "ok")
            case .some(false): ("✗", bad, "bad")
            case .none: ("–", "no data", "skip")
            }
        return [
            "label": label, "figure": figure, "target": target, "symbol": status.0, "word": status.1,
            "css": status.2,
        ]
    }

    /// A gate's figure in its unit.
    static func figure(_ g: HudrelayScorecard.Gate) -> String { g.value.map { number($0, g.name) } ?? "–" }

    /// `x` in the unit of gate `name`.
    static func number(_ x: Double, _ name: String) -> String {
        switch name {
        case "days_at_l2": String(format: "%.0f days", x)
        case "e2e_p50_hours": String(format: "%.2f h", x)
        case "avg_queue_minutes": String(format: "%.1f min", x)
        default: WebPage.percent(x)
        }
    }

    /// Outage hours per week as bars (of 168 hours), with labels.
    static func trendSVG(_ weeks: [TrendWeek]) -> String {
        let (w, h) = (520.0, 60.0)
        let step = w / Double(max(1, weeks.count))
        let bars = weeks.enumerated().map { i, week in
            let height = max(1, h * min(1, week.outageHours / 168))
            let fill = week.outageHours > 0 ? "#b3261e" : "#3a7"
            return "<rect x=\"\(Int(Double(i) * step + 2))\" y=\"\(Int(h - height))\" width=\"\(Int(step - 4))\" "
                + "height=\"\(Int(height))\" fill=\"\(fill)\"><title>week of \(week.week): "
                + String(format: "%.1f", week.outageHours) + " outage hours</title></rect>"
        }.joined()
        return "<figure><svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"100%\" role=\"img\" "
            + "aria-label=\"Outage hours per week, 13 weeks\">\(bars)</svg>"
            + "<figcaption>Outage hours per week (a full bar is the whole week).</figcaption></figure>"
    }
}
