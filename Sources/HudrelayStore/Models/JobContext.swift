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

    /// The longest value of a text field in characters (Unicode scalars, as JSON Schema's
    /// `maxLength` counts them); 0 for the numbers. The job's identity (repo, sha, workflow, run_id,
    /// job, job_id) is one entry of a unique index, which PostgreSQL caps at 2,704 bytes: these
    /// limits keep it under that even in 4-byte characters.
    public static func maxLength(_ key: CodingKeys) -> Int {
        switch key {
        case .repo, .deliveryID: 200
        case .branch: 255
        case .job: 150
        case .workflow, .cluster, .node, .eventType: 100
        case .sha, .runID, .jobID, .cardType: 64
        case .pr, .attempt, .stage, .cards: 0
        }
    }

    /// The largest value of the whole-number fields (`pr`, `attempt`, `cards`): PostgreSQL's
    /// `integer`.
    public static let maxNumber = Int(Int32.max)

    /// Checks required fields, lengths and ranges, and that no text holds a NUL byte (PostgreSQL
    /// cannot store one); the error names the field.
    public func validate() throws(StoreError) {
        func bad(_ message: String) -> StoreError { StoreError(.badContext, message) }
        if repo.isEmpty { throw bad("repo is required (owner/name)") }
        if sha.isEmpty { throw bad("sha is required (the commit)") }
        let texts: [(CodingKeys, String?)] = [
            (.repo, repo), (.sha, sha), (.branch, branch), (.workflow, workflow), (.runID, runID), (.job, job),
            (.jobID, jobID), (.cluster, cluster), (.node, node), (.cardType, cardType), (.deliveryID, deliveryID),
            (.eventType, eventType),
        ]
        for (key, value) in texts {
            guard let value else { continue }
            let name = key.rawValue
            let max = Self.maxLength(key)
            if value.unicodeScalars.count > max {
                throw bad("\(name) is longer than \(max) characters")
            }
            if value.utf8.contains(0) { throw bad("\(name) holds a NUL byte, which hudrelay does not store") }
        }
        let big = Self.maxNumber
        if let stage, !(0...4).contains(stage) { throw bad("stage must be 0 to 4, got \(stage)") }
        if let attempt, !(1...big).contains(attempt) { throw bad("attempt must be 1 to \(big), got \(attempt)") }
        if let pr, !(1...big).contains(pr) { throw bad("pr must be a pull request number, 1 to \(big), got \(pr)") }
        if let cards, !(0...big).contains(cards) { throw bad("cards must be 0 to \(big), got \(cards)") }
        if let payload, payload.utf8.count > 1 << 20 { throw bad("payload is larger than 1 MiB") }
    }
}
