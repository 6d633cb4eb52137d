import Foundation

/// Which runs a flakiness report counts: a window of days and optional slices.
public struct FlakyFilter: Sendable, Hashable {
    /// The first day counted (UTC), as `YYYY-MM-DD`.
    public var from: String
    /// The last day counted (UTC), as `YYYY-MM-DD`.
    public var to: String
    /// Only this repository.
    public var repo: String?
    /// Only this stage (0–4).
    public var stage: Int?
    /// Only this card type.
    public var cardType: String?
    /// Only this node.
    public var node: String?
    /// Only tests of this file.
    public var file: String?
    /// Only jobs on this branch.
    public var branch: String?
    /// Only runs on this architecture (`x86_64`, `s390x`, …).
    public var architecture: String?

    /// The `days` days that end with `end` (default: today, UTC).
    public init(days: Int, endingOn end: Date = Date()) {
        to = Self.day(end)
        from = Self.day(end.addingTimeInterval(-Double(max(1, days) - 1) * 86_400))
    }

    /// A date as `YYYY-MM-DD` in UTC.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
