/// Percentiles by linear interpolation between the closest ranks (NumPy's default, and
/// ClickHouse's `quantileExactInclusive`): the p-th of n sorted values sits at rank p·(n−1).
public enum Percentile {
    /// The `p`-th percentile (0–1) of `values`, `nil` when there are none.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = min(1, max(0, p)) * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }

    /// The mean of `values`, `nil` when there are none.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
