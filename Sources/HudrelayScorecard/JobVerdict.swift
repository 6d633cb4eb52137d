/// What a job says of CI's health (docs/scorecard.md, "Outages").
public enum JobVerdict: String, Sendable, Hashable, CaseIterable {
    /// It succeeded.
    case pass
    /// Tests failed (and not so many that the analysis calls it an incident).
    case failingTests = "failing_tests"
    /// Infrastructure: it timed out, its report could not be parsed, it failed with no failed
    /// test, or so many of its tests failed that the analysis calls it an infrastructure incident.
    case incident
    /// Cancelled or skipped: it says nothing of CI's health.
    case neutral
    /// Not finished yet.
    case pending

    /// The verdict on `job`.
    public init(_ job: JobTiming) {
        guard let conclusion = job.effectiveConclusion else {
            self = .pending
            return
        }
        switch conclusion {
        case "success": self = .pass
        case "timed_out": self = .incident
        case "cancelled", "skipped": self = .neutral
        default:
            if job.firstResultAt != nil && job.executedTests == nil && !job.reportFailed {
                self = .pending  // its reports are in and not analyzed yet
            } else if job.reportFailed || job.infraIncident || job.failedTests == 0 {
                self = .incident
            } else {
                self = .failingTests
            }
        }
    }
}
