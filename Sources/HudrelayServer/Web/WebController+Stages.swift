import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayStore
import Hummingbird

extension WebController {
    /// `/stages`: one card per declared stage: its cards, the cadence kept, coverage of its scope
    /// against its target as a bar, and the flaky share against the target.
    @Sendable func stagesPage(_ request: Request, context: Context) async throws -> Response {
        let query = try FlakyQuery(form: request.formQuery, defaults: criteria, defaultWindow: "30d")
        let days = FlakyCriteria.days(FlakyQuery.value(request.formQuery, "window") ?? "30d") ?? 30
        var repo = query.filter.repo ?? ""
        if repo.isEmpty { repo = try await store.scopes.history(repo: nil, limit: 1).first?.repo ?? "" }
        let summary = try await FlakyReporter(store: store, criteria: query.criteria).summary(query.filter)
        let target = query.criteria.target
        var cards: [[String: Any]] = []
        for stage in stages.stages {
            let c = try await store.scopes.coverage(
                repo: repo, stage: stage, architecture: query.filter.architecture, days: min(days, 366))
            var card: [String: Any] = [
                "id": stage.id, "name": stage.name, "cards": stage.cards.map(String.init) ?? "–",
                "description": stage.description, "cadence": stage.cadence.description,
                "population": c.population, "covered": c.covered, "enabled": c.enabled, "xfail": c.xfail,
                "coverage": c.coverage.map(WebPage.percent) ?? "–",
                "bar": String(format: "%.1f", min(1, c.coverage ?? 0) * 100),
                "target": stage.target.map(WebPage.percent) ?? "none",
                "targetAt": String(format: "%.1f", (stage.target ?? 0) * 100), "hasTarget": stage.target != nil,
                "runs": c.cadence.runs, "missed": c.cadence.missed.map { ["day": $0.day, "runs": $0.runs] },
            ]
            let met = c.meetsTarget
            card["coverageStatus"] =
                met == nil
                ? ["symbol": "–", "word": "no target", "css": "skip"]
                : met!
                    ? ["symbol": "✓", "word": "meets target", "css": "ok"]
                    : ["symbol": "✗", "word": "under target", "css": "bad"]
            if let kept = c.cadence.kept {
                card["kept"] = "\(c.cadence.daysKept) of \(c.cadence.daysJudged) days (\(WebPage.percent(kept)))"
                card["keptStatus"] = WebPage.status(c.cadence.missed.isEmpty ? "success" : "failure")
            } else {
                card["kept"] = c.cadence.cadence.expectedPerDay == nil ? "runs on pull requests" : "no complete day yet"
            }
            if let slice = summary.byStage.first(where: { $0.value == String(stage.id) }), slice.executedTests > 0 {
                let share = Double(slice.flakyTests) / Double(slice.executedTests)
                card["flaky"] = "\(WebPage.percent(share)) (\(slice.flakyTests) of \(slice.executedTests) tests)"
                card["flakyStatus"] =
                    share < target
                    ? ["symbol": "✓", "word": "under target", "css": "ok"]
                    : ["symbol": "✗", "word": "over target", "css": "bad"]
            } else {
                card["flaky"] = "no executed tests"
            }
            cards.append(card)
        }
        let ctx: [String: Any] = [
            "days": days, "repo": repo, "stages": cards, "flakyTarget": WebPage.percent(target),
            "scope": (try await store.scopes.latest(repo: repo)).map { "\(repo) at \($0.sha.prefix(12))" }
                ?? "none uploaded (hudrelay scope upload)",
        ]
        return page.render("stages", title: "Stages", ctx)
    }
}
