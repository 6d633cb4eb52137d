import Foundation
import HudrelayFlaky
import HudrelayScorecard
import HudrelayStore
import Hummingbird

extension WebController {
    /// `/health`: per declared stage, the seed's four criteria and HUD's six gates, each with a
    /// symbol and a word, its outages and a 13-week trend (docs/scorecard.md).
    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        let form = request.formQuery
        var days = 30
        if let window = FlakyQuery.value(form, "window"), !window.isEmpty {
            guard let d = FlakyCriteria.days(window), d <= 90 else {
                throw Problem.badRequest("bad_window", "window is up to 90d or 12w, got '\(window.prefix(64))'")
            }
            days = d
        }
        let day = FlakyQuery.value(form, "as_of")
        guard let asOf = ScorecardReader.asOf(day: day) else {
            throw Problem.badRequest("bad_as_of", "as_of is a day such as 2026-12-01, got '\((day ?? "").prefix(64))'")
        }
        let repo = try await scorecards.repo(FlakyQuery.value(form, "repo"), stage: nil) ?? ""
        var cards: [[String: Any]] = []
        var chosen = stages.stages
        if let id = FlakyQuery.value(form, "stage"), !id.isEmpty {
            guard let n = Int(id), let stage = stages.stage(n) else {
                throw Problem.notFound("stage \(id.prefix(16)) is not declared")
            }
            chosen = [stage]
        }
        for stage in chosen {
            let c = try await scorecards.scorecard(repo: repo, stage: stage, asOf: asOf, windowDays: days)
            cards.append(HealthCard(c, stage: stage, flakyTarget: criteria.target).context)
        }
        let ctx: [String: Any] = [
            "repo": repo.isEmpty ? "no jobs yet" : repo, "days": days, "stages": cards,
            "asOf": RFC3339.string(asOf),
        ]
        return page.render("health", title: "Health", ctx)
    }
}
