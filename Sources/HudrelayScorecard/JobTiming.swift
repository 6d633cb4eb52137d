import Foundation

/// One CI job as the scorecard reads it: where it belongs (commit, run, trigger), how it ended,
/// and its times, from CI (queued, started, finished) and from hudrelay (its reports processed and
/// analyzed). docs/scorecard.md defines each.
public struct JobTiming: Sendable, Hashable {
    /// hudrelay's job id.
    public var id: Int64
    /// The job's name.
    public var name: String
    /// The commit.
    public var sha: String
    /// The CI run the job belongs to (workflow, run id and attempt; the job alone when it has no
    /// run id).
    public var run: String
    /// The pull request number (PR-path jobs have one).
    public var pr: Int?
    /// The trigger (`pull_request`, `push`, `nightly`, `periodic`, `schedule`).
    public var eventType: String?
    /// The conclusion CI gave (`success`, `failure`, `cancelled`, `timed_out`, `skipped`).
    public var conclusion: String?
    /// Executed tests in its reports (`nil`: not analyzed yet).
    public var executedTests: Int?
    /// Failed tests in its reports.
    public var failedTests: Int
    /// The analysis called it an infrastructure incident (too many of its tests failed).
    public var infraIncident: Bool
    /// One of its reports could not be parsed.
    public var reportFailed: Bool
    /// When hudrelay first heard of the job.
    public var createdAt: Date
    /// When CI queued it.
    public var queuedAt: Date?
    /// When CI started it.
    public var startedAt: Date?
    /// When CI finished it.
    public var finishedAt: Date?
    /// When its first report was processed.
    public var firstResultAt: Date?
    /// When its last report was processed and analyzed.
    public var lastResultAt: Date?

    /// A job.
    public init(
        id: Int64, name: String = "", sha: String = "", run: String = "", pr: Int? = nil, eventType: String? = nil,
        conclusion: String? = nil, executedTests: Int? = nil, failedTests: Int = 0, infraIncident: Bool = false,
        reportFailed: Bool = false, createdAt: Date, queuedAt: Date? = nil, startedAt: Date? = nil,
        finishedAt: Date? = nil, firstResultAt: Date? = nil, lastResultAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.sha = sha
        self.run = run.isEmpty ? "job:\(id)" : run
        self.pr = pr
        self.eventType = eventType
        self.conclusion = conclusion
        self.executedTests = executedTests
        self.failedTests = failedTests
        self.infraIncident = infraIncident
        self.reportFailed = reportFailed
        self.createdAt = createdAt
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.firstResultAt = firstResultAt
        self.lastResultAt = lastResultAt
    }

    /// Whether HUD counts it as a PR-path job (`pr_number > 0`).
    public var isPRPath: Bool { (pr ?? 0) > 0 }

    /// When it began: CI's start, else its queueing, else when hudrelay heard of it.
    public var begin: Date { startedAt ?? queuedAt ?? createdAt }

    /// When it ended: CI's finish, else its last report processed (`nil`: not yet).
    public var end: Date? { finishedAt ?? lastResultAt }

    /// The conclusion: CI's, else hudrelay's from the reports (success when tests ran and none
    /// failed, as the relay callback says), `nil` while nothing says.
    public var effectiveConclusion: String? {
        if let conclusion { return conclusion }
        if reportFailed { return "failure" }
        guard lastResultAt != nil, let executedTests else { return nil }
        return executedTests > 0 && failedTests == 0 ? "success" : "failure"
    }

    /// Minutes from queued to started (`nil` without both).
    public var queueSeconds: Double? {
        guard let queuedAt, let startedAt else { return nil }
        return max(0, startedAt.timeIntervalSince(queuedAt))
    }

    /// Seconds from started to finished in CI (`nil` without both).
    public var runSeconds: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return max(0, finishedAt.timeIntervalSince(startedAt))
    }
}
