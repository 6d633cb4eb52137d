import Foundation
import HudrelayFlaky
import HudrelayStore
import Hummingbird
import HummingbirdCore

/// The query parameters the flakiness endpoints and pages share: `window` (`14d`, `2w`), `repo`,
/// `stage`, `card_type`, `node`, `file`, `branch`, `arch` and `min_flaky_runs`.
struct FlakyQuery {
    var filter: FlakyFilter
    var criteria: FlakyCriteria

    /// The parameter's value; `nil` when absent or empty.
    static func value(_ q: FlatDictionary<Substring, Substring>, _ key: String) -> String? {
        guard let v = q.get(key), !v.isEmpty else { return nil }
        return v
    }

    /// The API's parameters, already checked against the contract (``ContractMiddleware``):
    /// `window` matches its pattern, the numbers are in range. Empty text filters nothing.
    init(
        window: String?, defaultWindow: String, repo: String?, stage: Int?, cardType: String?, node: String?,
        file: String?, branch: String?, arch: String? = nil, minFlakyRuns: Int?, defaults: FlakyCriteria
    ) {
        filter = FlakyFilter(days: Self.windowDays(window ?? defaultWindow) ?? 14)
        filter.repo = APIHandler.text(repo)
        filter.stage = stage
        filter.cardType = APIHandler.text(cardType)
        filter.node = APIHandler.text(node)
        filter.file = APIHandler.text(file)
        filter.branch = APIHandler.text(branch)
        filter.architecture = APIHandler.text(arch)
        criteria = defaults
        criteria.minFlakyRuns = minFlakyRuns ?? defaults.minFlakyRuns
    }

    /// The web pages' form fields: empty fields are absent, and `window` may be written ` 2W `
    /// (`FlakyCriteria.days`); a bad value is still a `400` naming it.
    init(form q: FlatDictionary<Substring, Substring>, defaults: FlakyCriteria, defaultWindow: String = "14d") throws {
        let window = Self.value(q, "window") ?? defaultWindow
        guard let days = FlakyCriteria.days(window) else {
            throw Problem.badRequest(
                "bad_window",
                "window is a number of days or weeks such as 14d or 2w (up to 9999d or 999w), got '\(QueryValue.shown(window))'"
            )
        }
        filter = FlakyFilter(days: days)
        filter.repo = Self.value(q, "repo")
        filter.cardType = Self.value(q, "card_type")
        filter.node = Self.value(q, "node")
        filter.file = Self.value(q, "file")
        filter.branch = Self.value(q, "branch")
        filter.architecture = Self.value(q, "arch")
        criteria = defaults
        if let s = Self.value(q, "stage") {
            guard let n = Int(s), (0...32_767).contains(n) else {
                throw Problem.badRequest("bad_stage", "stage is a number from 0 to 32767, got \(s)")
            }
            filter.stage = n
        }
        if let k = Self.value(q, "min_flaky_runs") {
            guard let n = Int(k), (1...1000).contains(n) else {
                throw Problem.badRequest("bad_min_flaky_runs", "min_flaky_runs is 1 to 1000, got \(k)")
            }
            criteria.minFlakyRuns = n
        }
    }

    /// The days of a window as the contract writes it: 1 to 9999 days (`30d`) or 1 to 999 weeks
    /// (`2w`).
    static func windowDays(_ window: String) -> Int? {
        guard let unit = window.last, let n = Int(window.dropLast()), n > 0 else { return nil }
        return unit == "w" ? n * 7 : unit == "d" ? n : nil
    }
}
