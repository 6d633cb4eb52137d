import Foundation

/// What a publish task delivers.
public enum PublishTarget: String, Sendable, Hashable, CaseIterable {
    /// PyTorch's per-test rows (three objects) for HUD's S3 bucket.
    case hudRows = "hud_rows"
    /// The relay's `in_progress` callback of a job.
    case relayInProgress = "relay_in_progress"
    /// The relay's `completed` callback of a job.
    case relayCompleted = "relay_completed"

    /// Whether this goes to the relay (the other targets go to the rows sink).
    public var isRelay: Bool { self != .hudRows }
}

/// A publish task a publisher claimed.
public struct ClaimedPublishTask: Sendable, Hashable {
    /// The task id.
    public var id: Int64
    /// What it delivers.
    public var target: PublishTarget
    /// The job that made it (for a workflow run's rows: the job that finished last).
    public var jobID: Int64
    /// The workflow run: repository, run id and attempt.
    public var repo: String
    /// The run id.
    public var runID: String
    /// The run attempt.
    public var runAttempt: Int
    /// Whether the rows are keyed per job.
    public var perJob: Bool
    /// The data version being delivered.
    public var generation: Int
    /// Consecutive failed attempts before this one.
    public var failures: Int
}

/// A publish task as the API and `hudrelay publish --status` show it.
public struct PublishTaskStatus: Sendable, Hashable {
    /// The task id.
    public var id: Int64
    /// What it delivers.
    public var target: String
    /// What it is about (`run:<repo>:<run id>:<attempt>` or `job:<id>`).
    public var subject: String
    /// The job.
    public var jobID: Int64
    /// `pending`, `sending`, `done` or `failed`.
    public var state: String
    /// The data version, and the version last delivered.
    public var generation: Int
    /// The version last delivered (0: never).
    public var sentGeneration: Int
    /// Attempts so far.
    public var attempts: Int
    /// When it was created.
    public var createdAt: Date
    /// When it was last delivered.
    public var deliveredAt: Date?
    /// When it is next tried.
    public var availableAt: Date
    /// The last HTTP status (0: no answer).
    public var lastStatus: Int?
    /// The last error.
    public var lastError: String?
    /// The answer's body of a refused delivery.
    public var responseBody: String?
    /// The object keys written.
    public var keys: [String]
}

/// One report that goes into a workflow run's rows.
public struct RowsReport: Sendable, Hashable {
    /// The upload.
    public var uploadID: UUID
    /// hudrelay's job id.
    public var jobID: Int64
    /// The CI system's job id ('' when none).
    public var externalJobID: String
    /// The job's workflow.
    public var workflow: String
    /// The report's name as the upload client sent it.
    public var filename: String
}

/// A job as relay callbacks describe it.
public struct CallbackJob: Sendable, Hashable {
    /// hudrelay's id.
    public var id: Int64
    /// The context the job was uploaded with.
    public var context: JobContext
    /// When a finish was asked for.
    public var finishRequestedAt: Date?
    /// When the job was finished (its uploads all processed).
    public var finishedAt: Date?
    /// Final outcomes, one per test (the last report's when a test ran in several): passed
    /// (with xfailed and xpassed), failed (with errors) and skipped.
    public var passed: Int
    /// Failed and errored tests.
    public var failed: Int
    /// Skipped tests.
    public var skipped: Int
}

/// A failed test of a job, for `failed_tests_json`.
public struct FailedTest: Sendable, Hashable {
    /// The test's file.
    public var file: String
    /// Its classname.
    public var classname: String
    /// Its name.
    public var name: String
    /// `failed` or `error`.
    public var outcome: String
    /// The failure message.
    public var message: String
    /// The failure text (traceback).
    public var text: String
    /// Seconds, where known.
    public var duration: Double? = nil
    /// The test's id.
    public var testID: Int64 = 0
    /// Whether it failed more than once in the job (a failed retry: in-suite reruns or the report
    /// a file retry replaced).
    public var reproduced = false
    /// Whether it passed in another job of the same commit (a retry of the job).
    public var passedElsewhere = false
}

/// What a job's triage verdict is made of (docs/hud.md, "Triage verdict").
public struct TriageFacts: Sendable, Hashable {
    /// Whether the analysis called the job an infrastructure incident.
    public var infraIncident: Bool
    /// Results of the job whose file was retried on a fresh pod.
    public var podRetries: Int
    /// The job's failed tests (at most 1,000).
    public var failed: [FailedTest]

    /// Creates facts.
    public init(infraIncident: Bool, podRetries: Int, failed: [FailedTest]) {
        self.infraIncident = infraIncident
        self.podRetries = podRetries
        self.failed = failed
    }
}
