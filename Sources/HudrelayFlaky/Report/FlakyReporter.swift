import HudrelayStore

/// Builds flakiness reports from the store's rollups: the flaky tests of a window with their
/// evidence, intervals, flip rates and suspect nodes, and the summary against the target.
public struct FlakyReporter: Sendable {
    /// Where the rollups are.
    public let store: Store
    /// The rule's thresholds.
    public let criteria: FlakyCriteria

    /// Creates a reporter.
    public init(store: Store, criteria: FlakyCriteria = FlakyCriteria()) {
        self.store = store
        self.criteria = criteria
    }

    /// Whether counts make a test flaky: at least `minFlakyRuns` flaky runs, and not failing
    /// every executed run.
    public func isFlaky(_ a: TestAggregate) -> Bool {
        a.flaky >= criteria.minFlakyRuns && a.failed < a.executed
    }

    /// The flaky tests of the window, ordered by `sort`, with how current they are: one snapshot.
    public func flakyList(_ filter: FlakyFilter, sort: FlakySort = .rate) async throws -> FlakyList {
        try await store.reads.withSnapshot {
            let tests = try await flakyTests(filter, sort: sort)
            return FlakyList(tests: tests, freshness: try await store.reads.analysisFreshness())
        }
    }

    /// The flaky tests of the window, ordered by `sort`.
    public func flakyTests(_ filter: FlakyFilter, sort: FlakySort = .rate) async throws -> [FlakyTest] {
        let flaky = try await store.reads.flakyCandidates(filter).filter(isFlaky)
        guard !flaky.isEmpty else { return [] }
        let ids = flaky.map(\.testID)
        let nodes = try await store.reads.sliceCounts(filter, testIDs: ids, by: .node)
        let cards = try await store.reads.sliceCounts(filter, testIDs: ids, by: .cardType)
        let flips = try await store.reads.flips(
            testIDs: ids, branch: filter.branch ?? criteria.defaultBranch, lastRuns: criteria.flipRuns)
        let samples = try await store.reads.failureSamples(filter, testIDs: ids)
        return flaky.map { a in
            let interval = Statistics.wilson(a.flaky, a.executed)
            let perNode = nodes[a.testID] ?? []
            let (suspect, p) = suspectNode(perNode)
            let flip = flips[a.testID].flatMap { $0.runs >= 2 ? Double($0.flips) / Double($0.runs - 1) : nil }
            return FlakyTest(
                aggregate: a, rate: Double(a.flaky) / Double(max(1, a.executed)), rateLow: interval.low,
                rateHigh: interval.high, flipRate: flip, nodes: perNode, cardTypes: cards[a.testID] ?? [],
                suspectNode: suspect, suspectP: p, sample: samples[a.testID])
        }.sorted(by: sort.ordered)
    }

    /// The node a test's flakes concentrate on: the node with the highest flake rate, when
    /// Fisher's exact test against all other nodes gives p < ``FlakyCriteria/suspectP``. Returns
    /// that node (or `nil`) and the p of the most flaky node.
    public func suspectNode(_ nodes: [SliceCount]) -> (String?, Double?) {
        Self.suspectNode(nodes, criteria: criteria)
    }

    /// ``suspectNode(_:)`` under `criteria`.
    static func suspectNode(_ nodes: [SliceCount], criteria: FlakyCriteria) -> (String?, Double?) {
        let known = nodes.filter { !$0.value.isEmpty && $0.executed > 0 }
        guard known.count >= 2 else { return (nil, nil) }
        let top = known.max { x, y in
            let rx = Double(x.flaky) / Double(x.executed)
            let ry = Double(y.flaky) / Double(y.executed)
            return rx != ry ? rx < ry : x.flaky < y.flaky
        }!
        let flakyElsewhere = known.reduce(0) { $0 + $1.flaky } - top.flaky
        let runsElsewhere = known.reduce(0) { $0 + $1.executed } - top.executed
        let p = Statistics.fisherGreater(
            a: top.flaky, b: top.executed - top.flaky, c: flakyElsewhere, d: runsElsewhere - flakyElsewhere)
        return (p < criteria.suspectP ? top.value : nil, p)
    }

    /// The share of flaky tests against the target: overall, per stage, card type, node and file,
    /// per day, with flaky runs per node and the infrastructure incidents left out.
    /// All its figures come from one snapshot (``Store/withSnapshot(_:)``), so they agree with
    /// each other while the analyzer writes, and it says how current they are.
    public func summary(_ filter: FlakyFilter) async throws -> FlakySummary {
        try await store.reads.withSnapshot { try await summaryInSnapshot(filter) }
    }

    private func summaryInSnapshot(_ filter: FlakyFilter) async throws -> FlakySummary {
        let k = criteria.minFlakyRuns
        // Independent queries; in one snapshot they share its connection.
        async let overall = store.reads.sliceShares(filter, dimension: .all, minFlakyRuns: k)
        async let configurations = store.reads.configurationShares(filter, minFlakyRuns: k)
        async let files = store.reads.sliceShares(filter, dimension: .file, minFlakyRuns: k)
        async let trend = store.reads.sliceShares(filter, dimension: .day, minFlakyRuns: k)
        async let incidents = store.reads.infraIncidents(filter)
        let byConfiguration = try await configurations
        let nodes = byConfiguration[.node] ?? []
        return FlakySummary(
            filter: filter, criteria: criteria,
            overall: try await overall.first
                ?? SliceShare(value: "all", executedTests: 0, flakyTests: 0, failingTests: 0),
            byStage: byConfiguration[.stage] ?? [],
            byCardType: byConfiguration[.cardType] ?? [],
            byNode: nodes,
            byFile: try await files.filter { $0.flakyTests > 0 }.sorted { $0.flakyTests > $1.flakyTests }.prefix(50)
                .map { $0 },
            trend: try await trend,
            nodeRuns: nodes.map { SliceCount(value: $0.value, executed: $0.runs, flaky: $0.flakyRuns) }
                .sorted { ($0.flaky, $1.value) > ($1.flaky, $0.value) },
            incidents: try await incidents, freshness: try await store.reads.analysisFreshness())
    }
}
