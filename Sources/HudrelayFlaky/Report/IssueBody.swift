import Foundation

/// A GitHub issue for a flaky test, written the way PyTorch's flaky-test bot writes its
/// `DISABLED` issues, so the test runner and people read it the same way.
public struct IssueBody: Sendable {
    /// The test.
    public var test: FlakyTest
    /// The public URL of this server ('' for relative links).
    public var publicURL: String

    /// Creates the issue of `test`.
    public init(test: FlakyTest, publicURL: String) {
        self.test = test
        self.publicURL = publicURL
    }

    /// `DISABLED <name> (__main__.<Class>)`.
    public var title: String { "DISABLED \(test.aggregate.name) (\(DisabledTests.suite(test.aggregate.classname)))" }

    /// The body: platforms first (the runner reads that line), then the evidence and a sample.
    public var body: String {
        let a = test.aggregate
        let platforms = test.cardTypes.filter { $0.flaky > 0 && !$0.value.isEmpty }.map(\.value)
        let jobs = a.flaky
        let green = a.executed - a.failed
        var out = "Platforms: \(platforms.joined(separator: ", "))\n\n"
        out +=
            "This test was disabled because it is flaky in CI. See [recent runs](\(publicURL)/tests/\(a.testID)) "
            + "and [the flaky report](\(publicURL)/flaky?file=\(percentEncoded(a.file))).\n\n"
        out +=
            "Between \(a.firstFlaky ?? "?") and \(a.lastFlaky ?? "?") it was flaky in \(jobs) job(s): "
            + "\(a.executed) executed runs, \(a.failed) red and \(green) green "
            + "(flake rate \(FlakyTable.percent(test.rate)), 95% CI "
            + "\(FlakyTable.percent(test.rateLow))–\(FlakyTable.percent(test.rateHigh))).\n\n"
        out += "Evidence: \(FlakyTable.evidence(test)).\n\n"
        if let node = test.suspectNode {
            out +=
                "**Its flakes concentrate on `\(node)`** (Fisher's exact test, p = "
                + "\(String(format: "%.2g", test.suspectP ?? 0))): check that machine before the test.\n\n"
        }
        if !test.nodes.isEmpty {
            out += "| node | runs | flaky |\n| --- | --- | --- |\n"
            for n in test.nodes {
                out += "| \(n.value.isEmpty ? "(unknown)" : n.value) | \(n.executed) | \(n.flaky) |\n"
            }
            out += "\n"
        }
        out += "Test file path: `\(a.file)`\n"
        if let sample = test.sample {
            out += "\n<details><summary>Sample error message</summary>\n\n```\n\(sample.message)\n```\n\n"
            out += "From job \(sample.jobID) on commit \(sample.sha) (\(sample.node), \(sample.day)).\n</details>\n"
        }
        return out
    }

    private func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+")))
            ?? s
    }
}
