import Foundation
import HudrelayJUnit
import HudrelayStore

/// How workers behave.
public struct WorkerOptions: Sendable {
    /// How long a claim is held without renewal before another worker may take it.
    public var lease: Duration = .seconds(30)
    /// How long an attempt may go without database progress (a chunk copied, a statement ended)
    /// before the worker gives it up, stops renewing its lease and hands the upload back. Also the
    /// limit on each single statement outside the load (claim, renewal, release).
    public var stallLimit: Duration = .seconds(30)
    /// On graceful shutdown, how long the upload in hand may take to finish before it is handed
    /// back to the queue.
    public var drainLimit: Duration = .seconds(20)
    /// How often an idle worker looks at the queue without a notification.
    public var pollInterval: Duration = .seconds(2)
    /// Attempts before an upload that keeps failing (not a parse error) is marked failed. Attempts
    /// given up because the database stalled or the worker stopped do not count.
    public var maxAttempts = 5
    /// The parser's limits.
    public var parser = ParserOptions()
    /// The deliveries a job gets when an upload of this worker finishes it.
    public var publishing = PublishSettings()
    /// Where raw reports are (written by the server, read by the workers and the publisher):
    /// `reports.dir` or `reports.s3.*` (`.hudrelay/reports` by default).
    public var archive = ReportArchive.directory(URL(fileURLWithPath: ".hudrelay/reports"))

    /// The defaults.
    public init() {}
}
