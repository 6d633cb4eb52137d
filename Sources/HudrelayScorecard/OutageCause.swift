/// What started an outage.
public enum OutageCause: String, Sendable, Hashable, CaseIterable {
    /// A run hit an infrastructure incident.
    case incident
    /// Every job of a run failed its tests.
    case failingTests = "failing_tests"
    /// No run started when the stage's cadence said one was due.
    case noRuns = "no_runs"
}
