import Foundation
import HudrelayStore

/// How `hudrelay coverage` prints: one row per stage.
enum CoverageFormat {
    static let columns = [
        "stage", "cards", "cadence", "population", "enabled", "covered", "xfail", "coverage", "target",
        "meets_target", "days_kept", "days_judged",
    ]

    static func cells(_ c: StageCoverage) -> [String] {
        let pct = { (x: Double?) in x.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
        return [
            String(c.stage.id), c.stage.cards.map(String.init) ?? "-", c.stage.cadence.description,
            String(c.population), String(c.enabled), String(c.covered), String(c.xfail), pct(c.coverage),
            pct(c.stage.target), c.meetsTarget.map { $0 ? "yes" : "no" } ?? "-", String(c.cadence.daysKept),
            String(c.cadence.daysJudged),
        ]
    }

    static func rows(_ list: [StageCoverage], separator: String, header: Bool) -> [String] {
        (header ? [columns.joined(separator: separator)] : []) + list.map { cells($0).joined(separator: separator) }
    }

    static func markdown(_ list: [StageCoverage]) -> [String] {
        ["| " + columns.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: columns.count)]
            + list.map { "| " + cells($0).joined(separator: " | ") + " |" }
    }

    /// The stages as the API's `stages` list writes them (numbers as numbers, fractions as fractions).
    static func json(_ list: [StageCoverage]) -> String {
        let items: [[String: Any]] = list.map { c in
            [
                "stage": c.stage.id, "population": c.population, "enabled": c.enabled, "covered": c.covered,
                "xfail": c.xfail, "coverage": c.coverage ?? NSNull(), "target": c.stage.target ?? NSNull(),
                "meets_target": c.meetsTarget ?? NSNull(), "window_days": c.days,
                "files": c.files.map {
                    [
                        "file": $0.file, "population": $0.population, "enabled": $0.enabled, "covered": $0.covered,
                        "xfail": $0.xfail,
                    ] as [String: Any]
                },
                "cadence": [
                    "cadence": c.cadence.cadence.description, "runs": c.cadence.runs,
                    "days_judged": c.cadence.daysJudged, "days_kept": c.cadence.daysKept,
                    "missed": c.cadence.missed.map(\.day),
                ] as [String: Any],
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["stages": items], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
