/// One week of a stage's 90-day trend.
public struct TrendWeek: Sendable, Hashable {
    /// The week's Monday, `YYYY-MM-DD`.
    public var week: String
    /// Hours of the week inside an outage.
    public var outageHours: Double
    /// PR-path jobs that succeeded ÷ completed ones that ended that week (`nil`: none).
    public var jobPassRate: Double?
    /// Median cycle time of the commits dispatched that week, hours.
    public var cycleP50Hours: Double?
}
