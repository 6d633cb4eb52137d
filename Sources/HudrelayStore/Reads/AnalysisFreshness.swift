import Foundation
import PostgresNIO

/// How current the flakiness figures are.
public struct AnalysisFreshness: Sendable, Hashable {
    /// The database's clock when this was read.
    public var readAt: Date
    /// Every report received before this instant is in the figures (the snapshot's time when
    /// nothing waits).
    public var analyzedThrough: Date
    /// Reports received but not in the figures yet: not loaded, or loaded and not analyzed.
    public var pendingUploads: Int
    /// Jobs in the analysis queue.
    public var queuedJobs: Int
    /// How long the oldest of those jobs has waited, in seconds (0 when none waits).
    public var oldestQueuedSeconds: Double

    /// Creates a reading.
    public init(
        readAt: Date, analyzedThrough: Date, pendingUploads: Int, queuedJobs: Int, oldestQueuedSeconds: Double
    ) {
        self.readAt = readAt
        self.analyzedThrough = analyzedThrough
        self.pendingUploads = pendingUploads
        self.queuedJobs = queuedJobs
        self.oldestQueuedSeconds = oldestQueuedSeconds
    }
}
