import Foundation
import HudrelayAPI
import HudrelayFlaky
import HudrelayJUnit
import HudrelayStore

extension Components.Schemas.Counts {
    /// A report's counts as the API shows them.
    init(_ c: ReportCounts) {
        self.init(
            tests: c.tests, passed: c.passed, failed: c.failed, errors: c.errors, skipped: c.skipped,
            xfailed: c.xfailed, xpassed: c.xpassed, flaky: c.flaky, reruns: c.reruns, suites: c.suites,
            suiteProblems: c.suiteProblems)
    }
}

extension Components.Schemas.SliceRate {
    /// Runs on one node (`key` "node") or card type ("card_type").
    public init(_ s: SliceCount, key: String) {
        self.init(
            node: key == "node" ? s.value : nil, cardType: key == "card_type" ? s.value : nil, runs: s.executed,
            flakyRuns: s.flaky, rate: FlakyTest.rounded(Double(s.flaky) / Double(max(1, s.executed))))
    }
}

extension Components.Schemas.FlakyTest {
    /// A test of the flaky list.
    public init(_ t: FlakyTest) {
        let a = t.aggregate
        self.init(
            id: Int(a.testID), repo: a.repo, file: a.file, classname: a.classname, name: a.name,
            executedRuns: a.executed, flakyRuns: a.flaky, failedRuns: a.failed, rate: FlakyTest.rounded(t.rate),
            rateLow: FlakyTest.rounded(t.rateLow), rateHigh: FlakyTest.rounded(t.rateHigh),
            flipRate: t.flipRate.map(FlakyTest.rounded),
            evidence: .init(
                retry: a.retry, fileRerun: a.fileRerun, sameCommit: a.sameCommit, fileRetry: a.fileRetry,
                fileRetryKinds: .init(signal: a.retrySignal, stall: a.retryStall, pod: a.retryPod)),
            genericId: a.genericID, variants: t.variants.isEmpty ? nil : t.variants,
            nodes: t.nodes.map { .init($0, key: "node") }, cardTypes: t.cardTypes.map { .init($0, key: "card_type") },
            suspectNode: t.suspectNode, suspectP: t.suspectP.map { ($0 * 1e6).rounded() / 1e6 },
            firstSeen: a.firstFlaky, lastSeen: a.lastFlaky,
            sampleFailure: t.sample.map {
                .init(message: $0.message, jobId: Int($0.jobID), sha: $0.sha, node: $0.node, day: $0.day)
            })
    }
}

extension Components.Schemas.Share {
    /// One slice's share; `key` names the slice's kind (`slice`, `stage`, `card_type`, …).
    init(_ s: SliceShare, key: String, target: Double) {
        self.init(
            slice: key == "slice" ? s.value : nil, stage: key == "stage" ? s.value : nil,
            cardType: key == "card_type" ? s.value : nil, node: key == "node" ? s.value : nil,
            file: key == "file" ? s.value : nil, day: key == "day" ? s.value : nil, executedTests: s.executedTests,
            flakyTests: s.flakyTests, failingTests: s.failingTests, share: FlakyTest.rounded(s.share),
            overTarget: s.share >= target)
    }
}

extension Components.Schemas.FlakySummary {
    /// The summary against the target.
    init(_ s: HudrelayFlaky.FlakySummary) {
        let target = s.criteria.target
        self.init(
            from: s.filter.from, to: s.filter.to, target: target, minFlakyRuns: s.criteria.minFlakyRuns,
            analyzedThrough: s.freshness.analyzedThroughText, pendingUploads: s.freshness.pendingUploads,
            overall: .init(s.overall, key: "slice", target: target),
            stages: s.byStage.map { .init($0, key: "stage", target: target) },
            cardTypes: s.byCardType.map { .init($0, key: "card_type", target: target) },
            nodes: s.byNode.map { .init($0, key: "node", target: target) },
            files: s.byFile.map { .init($0, key: "file", target: target) },
            trend: s.trend.map { .init($0, key: "day", target: target) },
            nodeRuns: s.nodeRuns.map { .init($0, key: "node") },
            infraIncidents: s.incidents.map {
                .init(
                    jobId: Int($0.jobID), job: $0.jobName, sha: $0.sha, node: $0.node, executedTests: $0.executed,
                    failedTests: $0.failed, day: $0.day)
            })
    }
}

extension Components.Schemas.TestRun {
    /// One run of a test's history.
    init(_ r: RunRecord) {
        self.init(
            jobId: Int(r.jobID), job: r.jobName, sha: r.sha, branch: r.branch, node: r.node, cardType: r.cardType,
            stage: r.stage < 0 ? nil : r.stage, outcome: r.outcome, failedAttempts: r.failedAttempts,
            evidence: r.evidence, flaky: !r.evidence.isEmpty, infraIncident: r.infra, podRetry: r.podRetry,
            retryKinds: r.retryKinds, architecture: r.architecture.isEmpty ? nil : r.architecture, at: r.at,
            message: r.message)
    }
}

extension Components.Schemas.FailureCluster {
    /// Failures with one normalized message.
    init(_ c: HudrelayStore.FailureCluster) {
        self.init(
            signature: c.signature, sample: c.sample, runs: c.runs, tests: c.tests, nodes: c.nodes,
            sampleTests: c.sampleTests)
    }
}
