import HudrelayStore

/// The share of flaky tests against the target, sliced.
public struct FlakySummary: Sendable, Hashable {
    /// What was counted.
    public var filter: FlakyFilter
    /// The rule.
    public var criteria: FlakyCriteria
    /// Everything in the filter.
    public var overall: SliceShare
    /// Per stage ('' when unknown).
    public var byStage: [SliceShare]
    /// Per card type.
    public var byCardType: [SliceShare]
    /// Per node.
    public var byNode: [SliceShare]
    /// The 50 files with the most flaky tests.
    public var byFile: [SliceShare]
    /// Per day: tests with a flaky run that day ÷ tests executed that day.
    public var trend: [SliceShare]
    /// Executed and flaky runs per node, across all tests.
    public var nodeRuns: [SliceCount]
    /// Jobs left out as infrastructure incidents.
    public var incidents: [InfraIncident]
    /// How current the figures are, read in the same snapshot.
    public var freshness: AnalysisFreshness
}

extension SliceShare {
    /// Flaky tests ÷ executed tests (0 when none ran).
    public var share: Double { executedTests > 0 ? Double(flakyTests) / Double(executedTests) : 0 }
}
