import Foundation

/// A stored job with its counts (the API's `Job` is made from it).
public struct JobRecord: Sendable, Hashable {
    /// The job's id.
    public var id: Int64
    /// Its context.
    public var repo: String, sha: String, workflow: String, runID: String, attempt: Int, job: String, jobID: String
    /// Its context.
    public var branch: String?, pr: Int?, stage: Int?, cluster: String?, node: String?, cardType: String?
    /// Its context.
    public var cards: Int?
    /// Where and how it ran: architecture, runner pool, PyTorch commit, conclusion.
    public var architecture: String? = nil, runner: String? = nil, pytorchSHA: String? = nil, conclusion: String? = nil
    /// When CI queued, started and finished it (as its uploads said).
    public var queuedAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil
    /// When it was first seen.
    public var createdAt: Date
    /// The merged counts over all its done uploads.
    public var counts: [String: Int]
    /// Its uploads by state.
    public var uploads: [String: Int]
}

/// One test's result in one report of a job.
public struct ResultRecord: Sendable, Hashable {
    /// The test's id.
    public var testID: Int64
    /// The test.
    public var file: String, classname: String, name: String
    /// The final outcome.
    public var outcome: String
    /// Seconds, where known.
    public var duration: Double?
    /// Failed attempts before the final one.
    public var reruns: Int
    /// Passed after failing.
    public var flaky: Bool
    /// The final problem.
    public var type: String?, message: String?, text: String?
    /// The upload it came from.
    public var uploadID: UUID
    /// Its place in the report.
    public var ordinal: Int
}

/// A test by its identity.
public struct TestSummary: Sendable, Hashable {
    /// The test's id.
    public var id: Int64
    /// Its identity.
    public var repo: String, file: String, classname: String, name: String
    /// When it was first seen.
    public var firstSeen: Date
}

/// Filters of the job list.
public struct JobFilter: Sendable {
    /// Match these when set.
    public var repo: String?, sha: String?, stage: Int?
    /// Only jobs with an id below this (the next page).
    public var before: Int64?
    /// Page size.
    public var limit: Int = 50

    /// An empty filter.
    public init() {}
}
