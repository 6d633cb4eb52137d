import Foundation
import HudrelayStore

/// How the flaky list is grouped.
public enum FlakyGrouping: String, Sendable, CaseIterable {
    /// One row per instantiated test (`TestFooPRIVATEUSE1::test_add_privateuse1_float16`).
    case test
    /// One row per generic test (`test/test_foo.py::TestFoo::test_add`), the name torch-spyre's
    /// configs use.
    case generic
}

extension FlakyReporter {
    /// The flaky tests merged by generic test (docs/flakiness.md, "By generic test"): a generic
    /// test is flaky when any of its variants is; its row adds up its flaky variants' runs and
    /// evidence, merges their runs per node and card type, and lists the variants.
    public func groupedByGeneric(_ tests: [FlakyTest], sort: FlakySort) -> [FlakyTest] {
        Self.grouped(tests, sort: sort, criteria: criteria)
    }

    /// ``groupedByGeneric(_:sort:)`` under `criteria` (its suspect-node threshold).
    public static func grouped(_ tests: [FlakyTest], sort: FlakySort, criteria: FlakyCriteria) -> [FlakyTest] {
        var order: [String] = []
        var groups: [String: [FlakyTest]] = [:]
        for t in tests {
            let a = t.aggregate
            let key = a.genericID ?? "\(a.file)::\(a.classname)::\(a.name)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(t)
        }
        return order.map { key in merge(groups[key]!, genericID: key, criteria: criteria) }.sorted(by: sort.ordered)
    }

    private static func merge(_ variants: [FlakyTest], genericID: String, criteria: FlakyCriteria) -> FlakyTest {
        var a = variants[0].aggregate
        for v in variants.dropFirst() {
            let b = v.aggregate
            a.executed += b.executed
            a.flaky += b.flaky
            a.retry += b.retry
            a.fileRerun += b.fileRerun
            a.sameCommit += b.sameCommit
            a.failed += b.failed
            a.fileRetry += b.fileRetry
            a.retrySignal += b.retrySignal
            a.retryStall += b.retryStall
            a.retryPod += b.retryPod
            a.firstFlaky = [a.firstFlaky, b.firstFlaky].compactMap { $0 }.min()
            a.lastFlaky = [a.lastFlaky, b.lastFlaky].compactMap { $0 }.max()
            a.lastRun = max(a.lastRun, b.lastRun)
        }
        a.genericID = genericID
        let parts = genericID.components(separatedBy: "::")
        if parts.count >= 2 {
            a.name = parts[parts.count - 1]
            a.classname = parts[parts.count - 2]
        }
        let nodes = sum(variants.flatMap(\.nodes))
        let (suspect, p) = suspectNode(nodes, criteria: criteria)
        let interval = Statistics.wilson(a.flaky, a.executed)
        var merged = FlakyTest(
            aggregate: a, rate: Double(a.flaky) / Double(max(1, a.executed)), rateLow: interval.low,
            rateHigh: interval.high, flipRate: variants.compactMap(\.flipRate).max(), nodes: nodes,
            cardTypes: sum(variants.flatMap(\.cardTypes)), suspectNode: suspect, suspectP: p,
            sample: variants.compactMap(\.sample).max { $0.day < $1.day })
        merged.variants = variants.map(\.label)
        return merged
    }

    /// Counts of the same slice added up, most flaky first.
    static func sum(_ counts: [SliceCount]) -> [SliceCount] {
        var order: [String] = []
        var by: [String: SliceCount] = [:]
        for c in counts {
            if by[c.value] == nil {
                order.append(c.value)
                by[c.value] = SliceCount(value: c.value, executed: 0, flaky: 0)
            }
            by[c.value]!.executed += c.executed
            by[c.value]!.flaky += c.flaky
        }
        return order.map { by[$0]! }.sorted { ($0.flaky, $1.value) > ($1.flaky, $0.value) }
    }
}
