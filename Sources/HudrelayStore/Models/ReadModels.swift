import Foundation

/// A job as the read API shows it.
public struct JobRecord: Sendable, Codable, Hashable {
    /// The job's id.
    public var id: Int64
    /// Its context.
    public var repo: String, sha: String, workflow: String, runID: String, attempt: Int, job: String, jobID: String
    /// Its context.
    public var branch: String?, pr: Int?, stage: Int?, cluster: String?, node: String?, cardType: String?
    /// Its context.
    public var cards: Int?
    /// When it was first seen.
    public var createdAt: Date
    /// The merged counts over all its done uploads.
    public var counts: [String: Int]
    /// Its uploads by state.
    public var uploads: [String: Int]

    enum CodingKeys: String, CodingKey {
        case id, repo, sha, workflow, attempt, job, branch, pr, stage, cluster, node, cards, counts, uploads
        case runID = "run_id"
        case jobID = "job_id"
        case cardType = "card_type"
        case createdAt = "created_at"
    }
}

/// One test's result in one report of a job.
public struct ResultRecord: Sendable, Codable, Hashable {
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

    enum CodingKeys: String, CodingKey {
        case file, classname, name, outcome, duration, reruns, flaky, type, message, text, ordinal
        case testID = "test_id"
        case uploadID = "upload_id"
    }

    /// Encodes the record, its upload id in lower case as every id the API writes (Foundation's
    /// `UUID` encodes in upper case).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(testID, forKey: .testID)
        try c.encode(file, forKey: .file)
        try c.encode(classname, forKey: .classname)
        try c.encode(name, forKey: .name)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encode(reruns, forKey: .reruns)
        try c.encode(flaky, forKey: .flaky)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(text, forKey: .text)
        try c.encode(uploadID.uuidString.lowercased(), forKey: .uploadID)
        try c.encode(ordinal, forKey: .ordinal)
    }
}

/// A test by its identity.
public struct TestSummary: Sendable, Codable, Hashable {
    /// The test's id.
    public var id: Int64
    /// Its identity.
    public var repo: String, file: String, classname: String, name: String
    /// When it was first seen.
    public var firstSeen: Date

    enum CodingKeys: String, CodingKey {
        case id, repo, file, classname, name
        case firstSeen = "first_seen"
    }
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
