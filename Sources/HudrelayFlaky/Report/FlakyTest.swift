import HudrelayStore

/// One flaky test in a window, with its evidence and where it flaked.
public struct FlakyTest: Sendable, Hashable {
    /// The counts from the rollups.
    public var aggregate: TestAggregate
    /// Flaky runs ÷ executed runs.
    public var rate: Double
    /// The Wilson 95% interval of ``rate``.
    public var rateLow: Double
    /// The Wilson 95% interval of ``rate``.
    public var rateHigh: Double
    /// Flips ÷ (n − 1) over the last executed runs on the default branch (`nil` with fewer than 2).
    public var flipRate: Double?
    /// Runs and flaky runs per node, most flaky first.
    public var nodes: [SliceCount]
    /// Runs and flaky runs per card type.
    public var cardTypes: [SliceCount]
    /// The node its flakes concentrate on, if one does with statistical support.
    public var suspectNode: String?
    /// Fisher's one-sided p for ``suspectNode`` (or for the most flaky node when there is none).
    public var suspectP: Double?
    /// The latest failure of a flaky run.
    public var sample: FailureSample?
    /// When the list is grouped by generic test, the instantiated tests merged into this one
    /// (`classname::name`); empty otherwise.
    public var variants: [String] = []

    /// The test's display name, `classname::name`.
    public var label: String { "\(aggregate.classname)::\(aggregate.name)" }

    /// A rate to four decimals, as every output shows it: enough for a rate, stable in diffs.
    public static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
