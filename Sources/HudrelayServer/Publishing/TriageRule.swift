import Foundation
import HudrelayHUD
import HudrelayStore

/// hudrelay's triage verdict for a failed job (docs/hud.md, "Triage verdict"), in order:
/// 1. **infra**, high: the analysis called the job an infrastructure incident;
/// 2. **flake**: every failed test is flaky on hudrelay in the last 14 days (high) or, for some,
///    passed in another job of the same commit (medium);
/// 3. **infra**, medium: a test file of the job was retried on a fresh pod;
/// 4. otherwise **unknown**, low.
///
/// A job with no failed test and no incident gets no verdict. Evidence names up to 10 failed
/// tests, each linking its page on this server.
struct TriageRule: Sendable {
    /// The version verdicts name (`analyzer.version`): the rule's, raised when it changes.
    static let analyzerVersion = "1"
    /// This server's public URL.
    var publicURL: String
    /// The analyzer version the verdict names.
    var version: String

    /// The verdict, or `nil` when there is nothing to explain.
    func verdict(
        facts: TriageFacts, knownFlaky: Set<Int64>, jobName: String, now: Date = Date()
    ) -> TriageVerdict? {
        let failed = facts.failed
        guard !failed.isEmpty || facts.infraIncident else { return nil }
        let flaky = failed.filter { knownFlaky.contains($0.testID) }
        let explained = failed.filter { knownFlaky.contains($0.testID) || $0.passedElsewhere }
        let category: TriageVerdict.Category
        let confidence: TriageVerdict.Confidence
        let summary: String
        let n = failed.count
        let tests = n == 1 ? "1 failed test" : "\(n) failed tests"
        if facts.infraIncident {
            (category, confidence) = (.infra, .high)
            summary = "Infrastructure incident: most executed tests of the job failed (\(tests))."
        } else if explained.count == n {
            (category, confidence) = (.flake, flaky.count == n ? .high : .medium)
            summary =
                flaky.count == n
                ? "Flaky: all \(tests) are flaky on hudrelay over the last 14 days."
                : "Flaky: of \(tests), \(flaky.count) are flaky on hudrelay over the last 14 days and "
                    + "\(n - flaky.count) passed in another job of the same commit."
        } else if facts.podRetries > 0 {
            (category, confidence) = (.infra, .medium)
            summary =
                "Infrastructure: test files were retried on a fresh pod (\(facts.podRetries) results); \(tests), "
                + "\(explained.count) of them known flaky."
        } else {
            (category, confidence) = (.unknown, .low)
            summary = "\(tests); \(explained.count) known flaky or passed elsewhere on this commit."
        }
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        // The tests that need explaining first: those the verdict does not cover.
        let ordered = failed.filter { !explained.contains($0) } + explained
        let evidence = ordered.prefix(TriageVerdict.maxEvidence).map { t in
            TriageVerdict.Evidence(
                job: jobName.isEmpty ? "job" : jobName, test: "\(Self.bareClass(t.classname))::\(t.name)",
                logURL: "\(base)/tests/\(t.testID)", excerpt: t.message.isEmpty ? nil : t.message)
        }
        return TriageVerdict(
            category: category, confidence: confidence, summary: summary, evidence: Array(evidence),
            reproducedOnRetry: failed.contains { $0.reproduced }, analyzerVersion: version, analyzedAt: now)
    }

    /// The class of a dotted classname.
    static func bareClass(_ classname: String) -> String {
        classname.split(separator: ".").last.map(String.init) ?? classname
    }
}
