/// Where a report comes from: the CI job's context, as the upload API and client name it.
///
/// The job's identity is (repo, sha, workflow, run_id, attempt, job, job_id); the other fields
/// describe it and are filled in by whichever upload of the job carries them.
public struct JobContext: Sendable, Hashable, Codable {
    /// `owner/name` of the repository.
    public var repo: String
    /// The commit SHA.
    public var sha: String
    /// The branch (or tag) name.
    public var branch: String?
    /// The pull request number.
    public var pr: Int?
    /// The workflow (pipeline) name.
    public var workflow: String?
    /// The CI run's id (GitHub `run_id`, Jenkins build number).
    public var runID: String?
    /// The run's attempt, from 1.
    public var attempt: Int?
    /// The job's name.
    public var job: String?
    /// The CI system's id of the job.
    public var jobID: String?
    /// The rollout stage, 0 to 4.
    public var stage: Int?
    /// The cluster.
    public var cluster: String?
    /// The node (host) the job ran on.
    public var node: String?
    /// The accelerator card type.
    public var cardType: String?
    /// How many cards the job used.
    public var cards: Int?
    /// The Cross-Repo CI Relay dispatch's delivery id (the upstream commit for nightly reports).
    public var deliveryID: String?
    /// The dispatch's event type (`pull_request`, `push`, `nightly`, `periodic`).
    public var eventType: String?
    /// The dispatch's payload as Python's `json.dumps` writes it (keys in their order), echoed
    /// back in relay callbacks. Read from JSON by the server, not by `Codable`.
    public var payload: String? = nil

    /// JSON and query parameter names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case repo, sha, branch, pr, workflow, attempt, job, stage, cluster, node, cards
        case runID = "run_id"
        case jobID = "job_id"
        case cardType = "card_type"
        case deliveryID = "delivery_id"
        case eventType = "event_type"
    }

    /// Creates a context.
    public init(repo: String, sha: String) {
        self.repo = repo
        self.sha = sha
    }

    /// Checks required fields and ranges; the error names the field.
    public func validate() throws(StoreError) {
        func bad(_ message: String) -> StoreError { StoreError(.badContext, message) }
        if repo.isEmpty { throw bad("repo is required (owner/name)") }
        if repo.count > 200 { throw bad("repo is longer than 200 characters") }
        if sha.isEmpty { throw bad("sha is required (the commit)") }
        if sha.count > 64 { throw bad("sha is longer than 64 characters") }
        if let stage, !(0...4).contains(stage) { throw bad("stage must be 0 to 4, got \(stage)") }
        if let attempt, attempt < 1 { throw bad("attempt must be 1 or more, got \(attempt)") }
        if let pr, pr < 1 { throw bad("pr must be a positive number, got \(pr)") }
        if let cards, cards < 0 { throw bad("cards must be 0 or more, got \(cards)") }
        if let deliveryID, deliveryID.count > 200 { throw bad("delivery_id is longer than 200 characters") }
        if let eventType, eventType.count > 100 { throw bad("event_type is longer than 100 characters") }
        if let payload, payload.utf8.count > 1 << 20 { throw bad("payload is larger than 1 MiB") }
    }
}
