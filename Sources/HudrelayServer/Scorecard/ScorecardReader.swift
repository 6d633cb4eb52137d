import Foundation
import HudrelayFlaky
import HudrelayScope
import HudrelayScorecard
import HudrelayStore

/// Computes stages' scorecards from the store (docs/scorecard.md): what `GET /api/v1/scorecard`,
/// the `/health` page, `hudrelay scorecard` and the outage gauge at `/metrics` all read.
public struct ScorecardReader: Sendable {
    /// The store.
    public let store: Store
    /// The declared stages (their cadence says when a run is due).
    public let stages: StageCatalog
    /// The flaky rule (the flaky share criterion).
    public let criteria: FlakyCriteria
    /// The day the backend reached L2 on HUD (`scorecard.l2.since`), for `days_at_l2`.
    public let l2Since: Date?

    /// A reader.
    public init(store: Store, stages: StageCatalog, criteria: FlakyCriteria, l2Since: Date?) {
        self.store = store
        self.stages = stages
        self.criteria = criteria
        self.l2Since = l2Since
    }

    /// The repository to report on: `given`, else the one whose job of `stage` (of any stage when
    /// `nil`) is newest.
    public func repo(_ given: String?, stage: Int?) async throws -> String? {
        if let given, !given.isEmpty { return given }
        return try await store.scorecard.latestRepo(stage: stage)
    }

    /// The scorecard of `stage` in `repo` as of `asOf`, its criteria over `windowDays` days.
    public func scorecard(repo: String, stage: Stage, asOf: Date, windowDays: Int) async throws -> Scorecard {
        let since = asOf.addingTimeInterval(-Double(Scorecard.historyDays) * 86_400)
        let jobs = try await store.scorecard.jobs(repo: repo, stage: stage.id, since: since, until: asOf)
        var filter = FlakyFilter(days: windowDays, endingOn: asOf)
        filter.repo = repo
        filter.stage = stage.id
        let share = try await store.reads.sliceShares(filter, dimension: .all, minFlakyRuns: criteria.minFlakyRuns)
            .first
        let from = asOf.addingTimeInterval(-Double(windowDays) * 86_400)
        let published = try await store.scorecard.published(repo: repo, stage: stage.id, since: from, until: asOf)
        return Scorecard(
            stage: stage.id, jobs: jobs, runsPerDay: stage.cadence.expectedPerDay, asOf: asOf, windowDays: windowDays,
            l2Since: l2Since, flakyShare: share.flatMap { $0.executedTests > 0 ? $0.share : nil },
            publishedShare: published.finished > 0 ? Double(published.published) / Double(published.finished) : nil)
    }

    /// Every declared stage's open outage age in hours (0 when none is open) per repository with
    /// jobs of the stage in the last 91 days: the `hudrelay_outage_open_hours` gauge.
    public func openOutages(asOf: Date = Date()) async throws -> [OpenOutage] {
        let since = asOf.addingTimeInterval(-Double(Scorecard.historyDays) * 86_400)
        var out: [OpenOutage] = []
        for (repo, id) in try await store.scorecard.stagesWithJobs(since: since) {
            guard let stage = stages.stage(id) else { continue }
            let jobs = try await store.scorecard.jobs(repo: repo, stage: id, since: since, until: asOf)
            let outages = OutageFinder(runsPerDay: stage.cadence.expectedPerDay)
                .outages(RunHealth.runs(jobs, asOf: asOf), asOf: asOf)
            out.append(OpenOutage(repo: repo, stage: id, hours: outages.last(where: \.isOpen)?.hours(asOf: asOf) ?? 0))
        }
        return out
    }

    /// The moment a scorecard `as_of` `day` is computed for: the day's end, or now for today;
    /// now without a day; `nil` when `day` is not a date.
    public static func asOf(day: String?, now: Date = Date()) -> Date? {
        guard let day, !day.isEmpty else { return now }
        return endOf(day: day).map { min($0, now) }
    }

    /// The end of `day` (`YYYY-MM-DD`, UTC): the moment a scorecard `as_of` that day is computed for.
    public static func endOf(day: String) -> Date? {
        guard day.utf8.count == 10, let start = RFC3339.date(day + "T00:00:00Z") else { return nil }
        // A day that does not exist (2026-02-30) is refused, not rolled over.
        guard CycleWeek.day(start) == day else { return nil }
        return start.addingTimeInterval(86_400)
    }
}
