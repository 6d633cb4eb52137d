import Foundation

extension Problem {
    /// 410 for a job whose results results retention removed.
    static func resultsExpired(_ jobID: Int64, before: Date) -> Problem {
        Problem(
            .gone, "results_expired", "Past retention",
            "the results of job \(jobID) were removed by results retention: results received before "
                + "\(before.formatted(.iso8601)) are gone (retention.resultsDays, HUDRELAY_RETENTION_RESULTS_DAYS; "
                + "docs/scaling.md); its runs and its place in the flakiness report stay")
    }
}
