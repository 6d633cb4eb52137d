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
    /// The rollout stage: one the stages file declares (checked when uploaded).
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
    /// The CPU architecture the job ran on (`x86_64`, `s390x`, `ppc64le`); when no upload says,
    /// the reports' `platform__` tags do.
    public var architecture: String?
    /// The runner pool (`spyre_pf_x1`).
    public var runner: String?
    /// The PyTorch commit under test (40 hex digits), for jobs that build PyTorch.
    public var pytorchSHA: String?
    /// The job's conclusion as CI gave it: success, failure, cancelled, timed_out or skipped.
    public var conclusion: String?
    /// When CI queued the job (RFC 3339).
    public var queuedAt: String?
    /// When CI started the job (RFC 3339).
    public var startedAt: String?
    /// When CI finished the job (RFC 3339).
    public var finishedAt: String?
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
        case architecture, runner, conclusion
        case pytorchSHA = "pytorch_sha"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    /// The conclusions a job may have (GitHub's, as the relay passes them on).
    public static let conclusions = ["success", "failure", "cancelled", "timed_out", "skipped"]

    /// Creates a context.
    public init(repo: String, sha: String) {
        self.repo = repo
        self.sha = sha
    }

    /// Every field, in the order the API documents them; `payload` is not one (it is a JSON
    /// object, read and written as Python writes it).
    ///
    /// The job's identity (repo, sha, workflow, run_id, job, job_id) is one entry of a unique
    /// index, which PostgreSQL caps at 2,704 bytes: the text limits keep it under that even in
    /// 4-byte characters. The whole numbers fit PostgreSQL's `integer`.
    public static let fields: [JobContextField] = {
        let big = Int(Int32.max)
        func text(_ key: CodingKeys, _ max: Int, _ summary: String, required: Bool = false) -> JobContextField {
            JobContextField(key: key, kind: .text(maxLength: max), required: required, summary: summary)
        }
        func number(_ key: CodingKeys, _ range: ClosedRange<Int>, _ summary: String) -> JobContextField {
            JobContextField(key: key, kind: .number(range), required: false, summary: summary)
        }
        return [
            text(.repo, 200, "Repository, owner/name", required: true),
            text(.sha, 64, "Commit SHA", required: true),
            text(.branch, 255, "Branch or tag"),
            number(.pr, 1...big, "Pull request number"),
            text(.workflow, 100, "Workflow name"),
            text(.runID, 64, "CI run id"),
            number(.attempt, 1...big, "Run attempt, from 1"),
            text(.job, 150, "Job name"),
            text(.jobID, 64, "CI job id"),
            number(.stage, 0...32_767, "Rollout stage, one the stages file declares"),
            text(.cluster, 100, "Cluster"),
            text(.node, 100, "Node (host)"),
            text(.cardType, 64, "Accelerator card type"),
            number(.cards, 0...big, "Number of cards"),
            text(.deliveryID, 200, "The relay dispatch's delivery id"),
            text(.eventType, 100, "The relay dispatch's event type"),
            text(.architecture, 32, "CPU architecture (x86_64, s390x, ppc64le)"),
            text(.runner, 100, "Runner pool (spyre_pf_x1)"),
            text(.pytorchSHA, 64, "The PyTorch commit under test"),
            JobContextField(
                key: .conclusion, kind: .choice(conclusions), required: false,
                summary: "The job's conclusion: " + conclusions.joined(separator: ", ")),
            JobContextField(
                key: .queuedAt, kind: .timestamp, required: false, summary: "When CI queued the job (RFC 3339)"),
            JobContextField(
                key: .startedAt, kind: .timestamp, required: false, summary: "When CI started the job (RFC 3339)"),
            JobContextField(
                key: .finishedAt, kind: .timestamp, required: false, summary: "When CI finished the job (RFC 3339)"),
        ]
    }()

    /// A field's value as text (`nil` when it has none): the form a query parameter carries.
    public subscript(field key: CodingKeys) -> String? {
        get {
            switch key {
            case .repo: repo
            case .sha: sha
            case .branch: branch
            case .pr: pr.map(String.init)
            case .workflow: workflow
            case .runID: runID
            case .attempt: attempt.map(String.init)
            case .job: job
            case .jobID: jobID
            case .stage: stage.map(String.init)
            case .cluster: cluster
            case .node: node
            case .cardType: cardType
            case .cards: cards.map(String.init)
            case .deliveryID: deliveryID
            case .eventType: eventType
            case .architecture: architecture
            case .runner: runner
            case .pytorchSHA: pytorchSHA
            case .conclusion: conclusion
            case .queuedAt: queuedAt
            case .startedAt: startedAt
            case .finishedAt: finishedAt
            }
        }
        set {
            switch key {
            case .repo: repo = newValue ?? ""
            case .sha: sha = newValue ?? ""
            case .branch: branch = newValue
            case .pr: pr = newValue.flatMap { Int($0) }
            case .workflow: workflow = newValue
            case .runID: runID = newValue
            case .attempt: attempt = newValue.flatMap { Int($0) }
            case .job: job = newValue
            case .jobID: jobID = newValue
            case .stage: stage = newValue.flatMap { Int($0) }
            case .cluster: cluster = newValue
            case .node: node = newValue
            case .cardType: cardType = newValue
            case .cards: cards = newValue.flatMap { Int($0) }
            case .deliveryID: deliveryID = newValue
            case .eventType: eventType = newValue
            case .architecture: architecture = newValue
            case .runner: runner = newValue
            case .pytorchSHA: pytorchSHA = newValue
            case .conclusion: conclusion = newValue
            case .queuedAt: queuedAt = newValue
            case .startedAt: startedAt = newValue
            case .finishedAt: finishedAt = newValue
            }
        }
    }

    /// Why a nightly or periodic self-report's delivery id is refused: HUD groups those rows by the
    /// PyTorch commit they tested, so it must be 40 hex digits.
    public var nightlyFault: String? {
        guard let eventType, ["nightly", "periodic"].contains(eventType), let deliveryID else { return nil }
        let hex =
            deliveryID.utf8.count == 40
            && deliveryID.utf8.allSatisfy {
                (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0)
            }
        return hex
            ? nil
            : "delivery_id of a \(eventType) self-report must be the 40-hex PyTorch commit it tested, got '\(deliveryID.prefix(64))'"
    }

    /// A context from text values by field name (query parameters), checked as ``validate()``
    /// checks. An empty text is absent; an empty number is refused, as any typed parameter that
    /// is present but not valid.
    public init(values: (String) -> String?) throws(StoreError) {
        self.init(repo: "", sha: "")
        for field in Self.fields {
            guard let value = values(field.name) else { continue }
            if value.isEmpty, !field.kind.isNumber { continue }
            if let fault = field.fault(value) { throw StoreError(.badContext, fault) }
            self[field: field.key] = value
        }
        try validate()
    }

    /// Checks required fields, lengths and ranges, and that no text holds a NUL byte (PostgreSQL
    /// cannot store one); the error names the field.
    public func validate() throws(StoreError) {
        for field in Self.fields {
            let value = self[field: field.key] ?? ""
            if value.isEmpty && !field.required { continue }
            if let fault = field.fault(value) { throw StoreError(.badContext, fault) }
        }
        if let fault = nightlyFault { throw StoreError(.badContext, fault) }
        if let payload, payload.utf8.count > 1 << 20 { throw StoreError(.badContext, "payload is larger than 1 MiB") }
    }
}
