/// One of HUD's L2-to-L3 gates over a window: its figure, its target and whether it is met, with
/// the jobs that break it.
public struct Gate: Sendable, Hashable {
    /// How the figure must compare with the target.
    public enum Comparison: String, Sendable, Hashable {
        /// Below it.
        case below = "<"
        /// At least it.
        case atLeast = ">="
    }

    /// The gate's name (`days_at_l2`, `e2e_p50_hours`, `overrun_rate`, `avg_queue_minutes`,
    /// `timeout_rate`, `job_pass_rate`).
    public var name: String
    /// The figure (`nil`: nothing to compute it from).
    public var value: Double?
    /// The target.
    public var target: Double
    /// How the figure must compare with the target.
    public var comparison: Comparison
    /// How many jobs (runs, for `e2e_p50_hours`; days, for `days_at_l2`) the figure counts.
    public var counted: Int
    /// The jobs that break it, oldest first, at most ``breakingLimit``.
    public var breaking: [Int64]
    /// How many jobs break it.
    public var breakingCount: Int

    /// At most this many breaking jobs are listed.
    public static let breakingLimit = 100

    /// A gate.
    public init(
        name: String, value: Double?, target: Double, comparison: Comparison, counted: Int, breaking: [Int64] = []
    ) {
        self.name = name
        self.value = value
        self.target = target
        self.comparison = comparison
        self.counted = counted
        self.breaking = Array(breaking.prefix(Self.breakingLimit))
        self.breakingCount = breaking.count
    }

    /// Whether the figure meets the target (`false` without a figure).
    public var pass: Bool {
        guard let value else { return false }
        switch comparison {
        case .below: return value < target
        case .atLeast: return value >= target
        }
    }

    /// `pass`, `fail` or `no_data`.
    public var status: String { value == nil ? "no_data" : pass ? "pass" : "fail" }
}
