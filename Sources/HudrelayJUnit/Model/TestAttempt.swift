/// One attempt of a test within a report.
///
/// Attempts come from repeated `<testcase>` entries of the same test (pytest-rerunfailures,
/// gotestsum) and from rerun child elements (`<rerun>`, `flakyFailure`, `flakyError`,
/// `rerunFailure`, `rerunError`). The last attempt of a ``TestRecord`` is its final outcome.
public struct TestAttempt: Sendable, Hashable, Codable {
    /// Where an attempt was read from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// A `<testcase>` entry.
        case testcase
        /// A `<rerun>` child (PyTorch's pytest plugin).
        case rerun
        /// A `<flakyFailure>` child (Surefire, nextest).
        case flakyFailure
        /// A `<flakyError>` child.
        case flakyError
        /// A `<rerunFailure>` child.
        case rerunFailure
        /// A `<rerunError>` child.
        case rerunError
        /// torch-spyre's `result.prior_status`: the test failed in the report a whole-file retry
        /// replaced, which was never uploaded (docs/junit.md, rule 14).
        case priorReport = "prior_report"
        /// torch-spyre's `result.reruns` count, where no attempt elements say as much.
        case rerunsProperty = "reruns_property"
    }

    /// The attempt's outcome.
    public var outcome: TestOutcome
    /// The element it came from.
    public var source: Source
    /// The attempt's `type`, `message` and text, where the report has them.
    public var detail: ResultDetail
    /// The attempt's duration in seconds, where known.
    public var duration: Double?

    /// Creates an attempt.
    public init(outcome: TestOutcome, source: Source, detail: ResultDetail = .init(), duration: Double? = nil) {
        self.outcome = outcome
        self.source = source
        self.detail = detail
        self.duration = duration
    }
}
