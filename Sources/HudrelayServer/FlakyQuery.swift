import Foundation
import HudrelayFlaky
import HudrelayStore
import Hummingbird
import HummingbirdCore

/// The query parameters the flakiness endpoints share: `window` (`14d`, `2w`), `repo`, `stage`,
/// `card_type`, `node`, `file`, `branch` and `min_flaky_runs`.
struct FlakyQuery {
    var filter: FlakyFilter
    var criteria: FlakyCriteria

    /// The parameter's value; `nil` when absent or empty.
    static func value(_ q: FlatDictionary<Substring, Substring>, _ key: String) -> String? {
        guard let v = q.get(key), !v.isEmpty else { return nil }
        return v
    }

    init(_ q: FlatDictionary<Substring, Substring>, defaults: FlakyCriteria, defaultWindow: String = "14d") throws {
        let window = Self.value(q, "window") ?? defaultWindow
        guard let days = FlakyCriteria.days(window) else {
            throw Problem.badRequest(
                "bad_window", "window is a number of days or weeks such as 14d or 2w, got \(window)")
        }
        filter = FlakyFilter(days: days)
        filter.repo = Self.value(q, "repo")
        filter.cardType = Self.value(q, "card_type")
        filter.node = Self.value(q, "node")
        filter.file = Self.value(q, "file")
        filter.branch = Self.value(q, "branch")
        if let s = Self.value(q, "stage") {
            guard let n = Int(s), (0...4).contains(n) else {
                throw Problem.badRequest("bad_stage", "stage is 0 to 4, got \(s)")
            }
            filter.stage = n
        }
        criteria = defaults
        if let k = Self.value(q, "min_flaky_runs") {
            guard let n = Int(k), (1...1000).contains(n) else {
                throw Problem.badRequest("bad_min_flaky_runs", "min_flaky_runs is 1 to 1000, got \(k)")
            }
            criteria.minFlakyRuns = n
        }
    }
}
