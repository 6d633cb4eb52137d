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

    /// Reads the parameters. `strict` (the API) refuses a typed parameter that is present but empty
    /// and takes `window` only as `/openapi.json` writes it (`14d`, `2w`); the web pages' forms
    /// send empty fields, and take ` 2W ` too (`FlakyCriteria.days`).
    init(
        _ q: FlatDictionary<Substring, Substring>, defaults: FlakyCriteria, defaultWindow: String = "14d",
        strict: Bool = true
    ) throws {
        let reader = QueryReader(q)
        let window = (strict ? reader.raw("window") : Self.value(q, "window")) ?? defaultWindow
        guard let days = strict ? Self.windowDays(window) : FlakyCriteria.days(window) else {
            throw Problem.badRequest(
                "bad_window",
                "window is a number of days or weeks such as 14d or 2w (up to 9999d or 999w), got '\(QueryReader.shown(window))'"
            )
        }
        filter = FlakyFilter(days: days)
        filter.repo = Self.value(q, "repo")
        filter.cardType = Self.value(q, "card_type")
        filter.node = Self.value(q, "node")
        filter.file = Self.value(q, "file")
        filter.branch = Self.value(q, "branch")
        criteria = defaults
        if strict {
            filter.stage = try reader.int("stage", 0...4, code: "bad_stage")
            criteria.minFlakyRuns =
                try reader.int("min_flaky_runs", 1...1000, code: "bad_min_flaky_runs")
                ?? defaults.minFlakyRuns
            return
        }
        if let s = Self.value(q, "stage") {
            guard let n = Int(s), (0...4).contains(n) else {
                throw Problem.badRequest("bad_stage", "stage is 0 to 4, got \(s)")
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

    /// The days of a window written as the API takes it: 1 to 9999 days (`30d`) or 1 to 999 weeks
    /// (`2w`), without a leading zero; `nil` otherwise.
    static func windowDays(_ window: String) -> Int? {
        guard let unit = window.last, unit == "d" || unit == "w" else { return nil }
        let digits = window.utf8.dropLast()
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= (unit == "d" ? 4 : 3),
            digits.allSatisfy({ (48...57).contains($0) }), let n = Int(String(window.dropLast()))
        else { return nil }
        return unit == "d" ? n : n * 7
    }
}
