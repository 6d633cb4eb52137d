/// One test's counts over a window, from the daily rollups.
public struct TestAggregate: Sendable, Hashable {
    /// The test's id.
    public var testID: Int64
    /// Its repository.
    public var repo: String
    /// Its file ('' when the report had none).
    public var file: String
    /// Its classname.
    public var classname: String
    /// Its name.
    public var name: String
    /// Executed runs (not skipped), outside infrastructure incidents.
    public var executed: Int
    /// Runs with any evidence of flakiness.
    public var flaky: Int
    /// Runs that passed after failed attempts in the same report.
    public var retry: Int
    /// Runs that failed in one report of the job and passed in another.
    public var fileRerun: Int
    /// Failed runs on a commit where the same test and configuration also passed.
    public var sameCommit: Int
    /// Runs whose final outcome was a failure.
    public var failed: Int
    /// Runs that passed after a failure in the report a whole-file retry replaced (flaky evidence).
    public var fileRetry: Int = 0
    /// Runs with a replaced-report failure under a `signal` retry.
    public var retrySignal: Int = 0
    /// … under a `stall` retry.
    public var retryStall: Int = 0
    /// … under a `pod` retry: infrastructure evidence, counted as flaky only with
    /// `analysis.podRetryFlaky`.
    public var retryPod: Int = 0
    /// The generic test (`test/test_ops.py::TestOps::test_add`), when known.
    public var genericID: String? = nil
    /// The first day with a flaky run (`YYYY-MM-DD`), if any.
    public var firstFlaky: String?
    /// The last day with a flaky run, if any.
    public var lastFlaky: String?
    /// The last day the test ran.
    public var lastRun: String
}

/// One slice's runs of a test (or of all tests): on a node, or a card type.
public struct SliceCount: Sendable, Hashable {
    /// The slice's value (a node name, a card type, a stage, a file, a day).
    public var value: String
    /// Executed runs.
    public var executed: Int
    /// Flaky runs.
    public var flaky: Int

    /// Creates a count.
    public init(value: String, executed: Int, flaky: Int) {
        self.value = value
        self.executed = executed
        self.flaky = flaky
    }
}

/// The share of flaky tests in one slice.
public struct SliceShare: Sendable, Hashable {
    /// The slice's value.
    public var value: String
    /// Distinct tests executed in the slice.
    public var executedTests: Int
    /// Of those, tests flaky by the rule applied to the slice's runs.
    public var flakyTests: Int
    /// Of those, tests that failed every executed run.
    public var failingTests: Int
    /// Executed runs in the slice, across all tests.
    public var runs: Int
    /// Flaky runs in the slice, across all tests.
    public var flakyRuns: Int

    /// Creates a share.
    public init(
        value: String, executedTests: Int, flakyTests: Int, failingTests: Int, runs: Int = 0, flakyRuns: Int = 0
    ) {
        self.value = value
        self.executedTests = executedTests
        self.flakyTests = flakyTests
        self.failingTests = failingTests
        self.runs = runs
        self.flakyRuns = flakyRuns
    }
}

/// A failure message seen in a run.
public struct FailureSample: Sendable, Hashable {
    /// The message (first line of the failure, or of a failed attempt).
    public var message: String
    /// The job it came from.
    public var jobID: Int64
    /// The commit.
    public var sha: String
    /// The node.
    public var node: String
    /// When.
    public var day: String
}

/// One run in a test's history.
public struct RunRecord: Sendable, Hashable {
    /// The job.
    public var jobID: Int64
    /// The job's name.
    public var jobName: String
    /// The commit.
    public var sha: String
    /// The branch.
    public var branch: String
    /// The node.
    public var node: String
    /// The card type.
    public var cardType: String
    /// The stage (-1 when unknown).
    public var stage: Int
    /// `passed`, `failed` or `skipped`.
    public var outcome: String
    /// Failed attempts (reruns that failed, plus a failed final outcome).
    public var failedAttempts: Int
    /// Evidence kinds that made the run flaky.
    public var evidence: [String]
    /// Part of an infrastructure incident.
    public var infra: Bool
    /// When (ISO 8601).
    public var at: String
    /// The failure message, if any.
    public var message: String?
    /// Whether a failure the run's file retry on a fresh pod replaced was seen: infrastructure
    /// evidence, not counted as flakiness unless `analysis.podRetryFlaky`.
    public var podRetry = false
    /// The whole-file retry kinds behind its replaced-report failures (`pod`, `signal`, `stall`).
    public var retryKinds: [String] = []
    /// The job's architecture ('' unknown).
    public var architecture = ""
}

/// A cluster of failures with the same normalized message.
public struct FailureCluster: Sendable, Hashable {
    /// The normalized message.
    public var signature: String
    /// An original message.
    public var sample: String
    /// Failed or flaky runs with this signature.
    public var runs: Int
    /// Distinct tests.
    public var tests: Int
    /// Nodes, most runs first.
    public var nodes: [String]
    /// Up to five test names.
    public var sampleTests: [String]
}

/// A job left out of flake figures.
public struct InfraIncident: Sendable, Hashable {
    /// The job.
    public var jobID: Int64
    /// Its name.
    public var jobName: String
    /// The commit.
    public var sha: String
    /// The node.
    public var node: String
    /// Executed tests.
    public var executed: Int
    /// Failed tests.
    public var failed: Int
    /// When it was uploaded.
    public var day: String
}
