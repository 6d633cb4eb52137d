import Foundation

/// Cycle time percentiles of the commits dispatched in one week (weeks begin on Monday, UTC).
public struct CycleWeek: Sendable, Hashable {
    /// The week's Monday, `YYYY-MM-DD`.
    public var week: String
    /// Commits counted.
    public var commits: Int
    /// Median cycle, hours.
    public var p50Hours: Double?
    /// 90th percentile cycle, hours.
    public var p90Hours: Double?
    /// Median of each part, hours.
    public var queueP50Hours: Double?
    /// Median run, hours.
    public var runP50Hours: Double?
    /// Median ingest plus analysis, hours.
    public var ingestP50Hours: Double?

    /// The weeks of `cycles`, oldest first.
    public static func weeks(_ cycles: [CommitCycle]) -> [CycleWeek] {
        Dictionary(grouping: cycles) { monday(of: $0.dispatch) }
            .map { week, c in
                CycleWeek(
                    week: week, commits: c.count, p50Hours: Percentile.of(c.map(\.hours), 0.5),
                    p90Hours: Percentile.of(c.map(\.hours), 0.9),
                    queueP50Hours: Percentile.of(c.map(\.queueHours), 0.5),
                    runP50Hours: Percentile.of(c.map(\.runHours), 0.5),
                    ingestP50Hours: Percentile.of(c.map(\.ingestHours), 0.5))
            }
            .sorted { $0.week < $1.week }
    }

    /// The Monday (UTC) of the week that holds `date`, `YYYY-MM-DD`.
    public static func monday(of date: Date) -> String { day(mondayStart(of: date)) }

    /// The start (00:00 UTC) of the Monday of the week that holds `date`.
    public static func mondayStart(of date: Date) -> Date {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        // 1970-01-01 was a Thursday: days since the Monday before it, modulo 7.
        let weekday = ((days + 3) % 7 + 7) % 7
        return Date(timeIntervalSince1970: Double(days - weekday) * 86_400)
    }

    /// `date` as `YYYY-MM-DD` in UTC (the proleptic Gregorian calendar, from days since 1970).
    public static func day(_ date: Date) -> String {
        // Howard Hinnant's civil_from_days.
        let z = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
