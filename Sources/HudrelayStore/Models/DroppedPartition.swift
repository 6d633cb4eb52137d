import Foundation

/// A partition of `results` dropped by results retention.
public struct DroppedPartition: Sendable, Equatable {
    /// The partition's table name (`results_YYYY_MM_DD`, or `results_YYYY_MM` from before
    /// migration 0011).
    public let name: String
    /// The end of the time it held: every result received before it is gone.
    public let ends: Date
}
