/// The thresholds of the flaky rule and its report. docs/flakiness.md justifies the defaults.
public struct FlakyCriteria: Sendable, Hashable {
    /// A test is flaky in a window with at least this many flaky runs (each run is a distinct
    /// job, so at least two jobs are involved).
    public var minFlakyRuns = 2
    /// The flip rate counts flips among this many latest executed runs on the default branch.
    public var flipRuns = 30
    /// The default branch, whose history the flip rate reads.
    public var defaultBranch = "main"
    /// A node is a suspect when Fisher's exact test puts its excess of flaky runs below this.
    public var suspectP = 0.01
    /// The quality target: the share of flaky tests must stay under it.
    public var target = 0.05

    /// The defaults.
    public init() {}

    /// Parses a window such as `14d` or `2w` into days.
    public static func days(_ window: String) -> Int? {
        let w = window.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = w.last, let n = Int(w.dropLast()), n > 0 else { return Int(w).flatMap { $0 > 0 ? $0 : nil } }
        switch unit {
        case "d": return n <= 3660 ? n : nil
        case "w": return n <= 520 ? n * 7 : nil
        default: return nil
        }
    }
}
