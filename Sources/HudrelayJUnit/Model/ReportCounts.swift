/// The counts of a report after merging attempts: the figures `hudrelay parse --format json`
/// prints and the upload API returns, under the same names.
public struct ReportCounts: Sendable, Hashable, Codable {
    /// Distinct tests after merging attempts.
    public var tests = 0
    /// Tests whose final outcome is passed.
    public var passed = 0
    /// Tests whose final outcome is failed.
    public var failed = 0
    /// Tests whose final outcome is error.
    public var errors = 0
    /// Tests whose final outcome is skipped.
    public var skipped = 0
    /// Tests whose final outcome is xfailed.
    public var xfailed = 0
    /// Tests whose final outcome is xpassed.
    public var xpassed = 0
    /// Tests that passed after at least one failed attempt.
    public var flaky = 0
    /// Failed attempts before the final one, over all tests.
    public var reruns = 0
    /// Suites (`<testsuite>` elements, or 1 for a bare `<testcase>` root).
    public var suites = 0
    /// Result elements written directly under a suite, outside any test case.
    public var suiteProblems = 0

    /// Creates zero counts.
    public init() {}

    /// Adds one merged test.
    public mutating func add(_ test: TestRecord) {
        tests += 1
        switch test.outcome {
        case .passed: passed += 1
        case .failed: failed += 1
        case .error: errors += 1
        case .skipped: skipped += 1
        case .xfailed: xfailed += 1
        case .xpassed: xpassed += 1
        }
        let reruns = test.reruns
        self.reruns += reruns
        if test.outcome == .passed && reruns > 0 { flaky += 1 }
    }
}
