import Foundation
import HudrelayAPI
import HudrelayScope
import HudrelayScorecard

/// Scorecards as `GET /api/v1/scorecard` writes them (the contract's `Scorecard` and
/// `ScorecardAll`), for `hudrelay scorecard --format json`.
public enum ScorecardJSON {
    /// One stage's scorecard (`one`), or every stage's under `stages`.
    public static func encode(
        _ cards: [(Scorecard, Stage)], repo: String?, asOf: Date, l2Since: Date?, one: Bool
    ) throws -> String {
        let items = cards.map { Components.Schemas.Scorecard($0.0, repo: repo, stage: $0.1, l2Since: l2Since) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data =
            if one, let first = items.first {
                try encoder.encode(first)
            } else {
                try encoder.encode(Components.Schemas.ScorecardAll(repo: repo, asOf: asOf, stages: items))
            }
        return String(decoding: data, as: UTF8.self)
    }
}
