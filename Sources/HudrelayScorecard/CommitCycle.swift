import Foundation

/// One commit's cycle on a stage: from its dispatch (the first of its jobs queued) to its first
/// result and to its last job's results analyzed, split into queue, run, and ingest plus analysis
/// (docs/scorecard.md, "Cycle time").
public struct CommitCycle: Sendable, Hashable {
    /// The commit.
    public var sha: String
    /// When its first job was queued (else started, else heard of).
    public var dispatch: Date
    /// Hours to the first report processed.
    public var toFirstResultHours: Double?
    /// Hours to the last job's results analyzed: the cycle time.
    public var hours: Double
    /// Hours from the dispatch to the first job's start.
    public var queueHours: Double
    /// Hours from the first job's start to the last job's finish in CI.
    public var runHours: Double
    /// Hours from the last finish in CI to the last results analyzed.
    public var ingestHours: Double

    /// The cycles of the commits in `jobs` whose every job has ended, oldest dispatch first.
    public static func cycles(_ jobs: [JobTiming]) -> [CommitCycle] {
        Dictionary(grouping: jobs, by: \.sha).compactMap { sha, jobs in CommitCycle(sha: sha, jobs: jobs) }
            .sorted { ($0.dispatch, $0.sha) < ($1.dispatch, $1.sha) }
    }

    /// The cycle of one commit's `jobs`, `nil` while one has not ended.
    init?(sha: String, jobs: [JobTiming]) {
        guard !jobs.isEmpty else { return nil }
        var ends: [Date] = []
        for job in jobs {
            guard let end = job.lastResultAt ?? job.finishedAt else { return nil }
            ends.append(end)
        }
        self.sha = sha
        let dispatch = jobs.map { $0.queuedAt ?? $0.startedAt ?? $0.createdAt }.min()!
        self.dispatch = dispatch
        let firstStart = max(dispatch, jobs.map(\.begin).min()!)
        let lastDone = max(firstStart, ends.max()!)
        let lastCI = min(lastDone, max(firstStart, jobs.map { $0.finishedAt ?? $0.lastResultAt! }.max()!))
        let h = Self.hours(from:to:)
        toFirstResultHours = jobs.compactMap(\.firstResultAt).min().map { h(dispatch, $0) }
        hours = h(dispatch, lastDone)
        queueHours = h(dispatch, firstStart)
        runHours = h(firstStart, lastCI)
        ingestHours = h(lastCI, lastDone)
    }

    /// Hours from `a` to `b`, 0 when `b` is earlier.
    static func hours(from a: Date, to b: Date) -> Double { max(0, b.timeIntervalSince(a)) / 3600 }
}
