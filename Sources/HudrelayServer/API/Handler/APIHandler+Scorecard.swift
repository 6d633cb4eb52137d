import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayScorecard
import HudrelayStore

/// The scorecard: the quality criteria, outages, cycle time and HUD's L3 gates (docs/scorecard.md).
extension APIHandler {
    func getScorecard(_ input: Operations.GetScorecard.Input) async throws -> Operations.GetScorecard.Output {
        let q = input.query
        guard let days = FlakyCriteria.days(q.window ?? "30d"), days <= 90 else {
            throw Problem.badRequest("bad_window", "window is up to 90d or 12w, got '\(q.window ?? "")'")
        }
        guard let asOf = ScorecardReader.asOf(day: q.asOf) else {
            throw Problem.badRequest(
                "bad_as_of", "as_of is a day such as 2026-12-01, got '\((q.asOf ?? "").prefix(64))'")
        }
        let chosen = try declaredStages(q.stage)
        let repo = try await scorecards.repo(Self.text(q.repo), stage: q.stage)
        var items: [Components.Schemas.Scorecard] = []
        for stage in chosen {
            let card = try await scorecards.scorecard(repo: repo ?? "", stage: stage, asOf: asOf, windowDays: days)
            items.append(.init(card, repo: repo, stage: stage, l2Since: scorecards.l2Since))
        }
        if q.stage != nil, let one = items.first { return .ok(.init(body: .json(.Scorecard(one)))) }
        return .ok(.init(body: .json(.ScorecardAll(.init(repo: repo, asOf: asOf, stages: items)))))
    }

    /// The scorecards over this handler's store.
    var scorecards: ScorecardReader {
        ScorecardReader(store: store, stages: stages, criteria: criteria, l2Since: l2Since)
    }
}
