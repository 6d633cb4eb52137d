import Foundation
import PostgresNIO

/// One cell of the commit × job grid.
public struct GridCell: Sendable, Hashable {
    /// The commit.
    public var sha: String
    /// When its newest job arrived.
    public var at: Date
    /// The job.
    public var jobID: Int64
    /// The job's name.
    public var jobName: String
    /// Tests, failed (with errors), passed.
    public var tests: Int
    /// Failed and errored tests.
    public var failed: Int
    /// Passed tests.
    public var passed: Int
    /// Uploads still queued or processing.
    public var pending: Int
}
