/// How jobs are analyzed when their uploads complete. docs/flakiness.md explains the defaults.
public struct AnalysisSettings: Sendable, Hashable {
    /// A job in which more than this share of its executed tests failed is an infrastructure
    /// incident (Trunk Flaky Tests uses 80%).
    public var infraShare: Double = 0.8
    /// Jobs with fewer executed tests than this are never called infrastructure incidents: with
    /// three tests, two failures say nothing about the machine.
    public var infraMinTests: Int = 20

    /// The defaults.
    public init() {}
}
