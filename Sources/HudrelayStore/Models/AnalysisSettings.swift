/// How jobs are analyzed when their uploads complete. docs/flakiness.md explains the defaults.
public struct AnalysisSettings: Sendable, Hashable {
    /// A job in which more than this share of its executed tests failed is an infrastructure
    /// incident (Trunk Flaky Tests uses 80%).
    public var infraShare: Double = 0.8
    /// Jobs with fewer executed tests than this are never called infrastructure incidents: with
    /// three tests, two failures say nothing about the machine.
    public var infraMinTests: Int = 20
    /// Whether a failure that a whole-file retry on a fresh pod replaced counts as flakiness. Off by
    /// default: a retry on a new pod says the machine was suspect, so it is infrastructure evidence,
    /// shown but not counted.
    public var podRetryFlaky = false
    /// The most uploads of one job analyzed in one transaction. A job of many reports is analyzed
    /// in batches so that one analysis (they run one at a time) stays short; a batch whose tests
    /// were seen before in the job reads all the job's results, so larger batches mean fewer such
    /// reads.
    public var uploadsPerAnalysis: Int = 200

    /// The defaults.
    public init() {}
}
