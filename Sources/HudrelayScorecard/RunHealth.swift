import Foundation

/// One CI run of a stage (its jobs of one workflow run and attempt) and whether it was green
/// (docs/scorecard.md, "Outages").
public struct RunHealth: Sendable, Hashable {
    /// What a run says of CI's health.
    public enum Verdict: String, Sendable, Hashable {
        /// No incident, and not every job failed.
        case green
        /// Every job that counts failed its tests (a run not on a pull request).
        case failingTests = "failing_tests"
        /// A job hit an infrastructure incident.
        case incident
        /// It says nothing: only cancelled or skipped jobs, or a pull request's failing tests
        /// (the change may be what broke them).
        case neutral
        /// A job has not finished yet.
        case pending
    }

    /// The run's key (``JobTiming/run``).
    public var run: String
    /// When it began: its first job's start.
    public var begin: Date
    /// When it ended: its last job's end.
    public var end: Date
    /// The verdict.
    public var verdict: Verdict
    /// Its jobs' ids.
    public var jobs: [Int64]
    /// Whether it ran for a pull request.
    public var isPR: Bool

    /// How long a job may stay unfinished before it counts as an incident (it never reported).
    public static let stuckAfter: TimeInterval = 24 * 3600

    /// The runs of `jobs`, oldest first, judged as of `asOf`.
    public static func runs(_ jobs: [JobTiming], asOf: Date) -> [RunHealth] {
        var byRun: [String: [JobTiming]] = [:]
        for job in jobs where job.begin <= asOf { byRun[job.run, default: []].append(job) }
        return byRun.map { key, jobs in RunHealth(run: key, jobs: jobs, asOf: asOf) }
            .sorted { ($0.begin, $0.run) < ($1.begin, $1.run) }
    }

    /// The run of `jobs`.
    init(run: String, jobs: [JobTiming], asOf: Date) {
        self.run = run
        self.jobs = jobs.map(\.id).sorted()
        begin = jobs.map(\.begin).min() ?? asOf
        end = jobs.compactMap(\.end).max() ?? begin
        isPR = jobs.contains { $0.isPRPath }
        var verdicts: [JobVerdict] = []
        for job in jobs {
            // A job still unfinished a day after it began never reported: an incident.
            let v = JobVerdict(job)
            verdicts.append(v == .pending && asOf.timeIntervalSince(job.begin) > Self.stuckAfter ? .incident : v)
        }
        let counted = verdicts.filter { $0 != .neutral }
        if verdicts.contains(.pending) {
            verdict = .pending
        } else if counted.contains(.incident) {
            verdict = .incident
        } else if counted.isEmpty {
            verdict = .neutral
        } else if counted.allSatisfy({ $0 == .failingTests }) {
            verdict = isPR ? .neutral : .failingTests
        } else {
            verdict = .green
        }
    }
}
