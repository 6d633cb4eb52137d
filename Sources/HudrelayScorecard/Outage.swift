import Foundation

/// One outage of a stage: from the first run that was not green (or the run that was due and did
/// not come) to the next green run's end (docs/scorecard.md, "Outages").
public struct Outage: Sendable, Hashable {
    /// When it started.
    public var start: Date
    /// When the next green run ended it (`nil`: still open).
    public var end: Date?
    /// What started it.
    public var cause: OutageCause
    /// The jobs of the runs that were not green, in order.
    public var jobs: [Int64]
    /// The runs that were not green.
    public var runs: Int

    /// Its length in hours as of `asOf` (an open one's age).
    public func hours(asOf: Date) -> Double {
        max(0, (end ?? asOf).timeIntervalSince(start)) / 3600
    }

    /// Whether it is still open.
    public var isOpen: Bool { end == nil }
}
