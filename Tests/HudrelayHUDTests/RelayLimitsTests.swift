import Foundation
import HudrelayHUD
import Testing

/// The relay's limits, kept on our side: pacing under 60 requests a minute per repository, the
/// triage verdict's shape, the failed-tests caps.
@Suite("Relay limits")
struct RelayLimitsTests {
    @Test("the pacer allows `limit` requests per repository in a sliding window, and holds a repository after 429")
    func pacer() {
        let pacer = RelayPacer(limit: 3, window: 60)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        for i in 0..<3 { #expect(pacer.reserve(repo: "a/b", now: t0.addingTimeInterval(Double(i))) == nil) }
        let wait = pacer.reserve(repo: "a/b", now: t0.addingTimeInterval(10))
        #expect(wait == 50, "the first request leaves the window at t0+60")
        #expect(pacer.reserve(repo: "c/d", now: t0.addingTimeInterval(10)) == nil, "another repository has its own")
        #expect(pacer.reserve(repo: "a/b", now: t0.addingTimeInterval(60)) == nil)
        #expect(pacer.reserve(repo: "a/b", now: t0.addingTimeInterval(60.5)) != nil)
        pacer.throttle(repo: "c/d", for: 5, now: t0.addingTimeInterval(20))
        #expect(pacer.reserve(repo: "c/d", now: t0.addingTimeInterval(21)) == 4)
        #expect(pacer.reserve(repo: "c/d", now: t0.addingTimeInterval(25)) == nil)
    }

    @Test("backoff doubles to its cap, with jitter between half and all of it")
    func backoff() {
        for failures in 0..<12 {
            let s = Backoff.seconds(failures: failures, base: 2, cap: 120)
            let full = min(120, 2 * pow(2, Double(failures)))
            #expect(s >= full / 2 && s <= full, "\(failures): \(s)")
        }
    }

    static func verdict(summary: String = "Flaky.", evidence: [TriageVerdict.Evidence]) -> TriageVerdict {
        TriageVerdict(
            category: .flake, confidence: .high, summary: summary, evidence: evidence, reproducedOnRetry: false,
            analyzerVersion: "1", analyzedAt: Date(timeIntervalSince1970: 1_780_000_000))
    }

    @Test("a verdict is cut to the relay's limits; unsafe log URLs are left out; it shrinks to 16 KB")
    func verdictLimits() throws {
        let long = String(repeating: "é", count: 3000)
        let evidence = (0..<15).map { i in
            TriageVerdict.Evidence(
                job: "test (x86_64, \(i))", test: "TestFoo::test_\(i)",
                logURL: i == 0
                    ? "https://user@evil.example/x" : i == 1 ? "javascript:alert(1)" : "https://h.example/tests/\(i)",
                excerpt: long)
        }
        let v = try #require(Self.verdict(summary: long, evidence: evidence).value())
        let json = PyJSON.dumps(v)
        #expect(json.utf8.count <= 16 * 1024)
        guard case .dict(let d) = v, case .string(let summary)? = d["summary"], case .list(let items)? = d["evidence"]
        else {
            Issue.record("not a verdict")
            return
        }
        #expect(summary.unicodeScalars.count == 1000)
        #expect(items.count < 10, "dropped from the end until the verdict fits")
        guard case .dict(let first)? = items.first, case .dict(let second)? = items.dropFirst().first else { return }
        #expect(first["log_url"] == nil && second["log_url"] == nil)
        #expect(d["schema_version"] == .int(1))
        #expect(
            d.items.map(\.key) == [
                "schema_version", "category", "confidence", "summary", "evidence", "reproduced_on_retry", "analyzer",
                "analyzed_at",
            ])
        #expect(Self.verdict(summary: "", evidence: []).value() == nil, "an empty summary is refused by the relay")
    }

    @Test("failed tests: at most 1,000, message 1 KB and stacktrace 4 KB, on character boundaries")
    func failedTests() throws {
        let tests = (0..<1200).map { i in
            FailedTestDetail(
                name: "test_\(i)", classname: "C", message: String(repeating: "€", count: 600),
                stacktrace: String(repeating: "x", count: 9000), duration: i == 0 ? 1.5 : nil)
        }
        guard case .list(let items) = try PyJSONParser.parse(FailedTestDetail.json(tests)),
            case .dict(let first)? = items.first, case .dict(let second)? = items.dropFirst().first,
            case .string(let message)? = first["message"], case .string(let trace)? = first["stacktrace"]
        else {
            Issue.record("not a list")
            return
        }
        #expect(items.count == 1000)
        #expect(message.utf8.count <= 1024 && message.utf8.count > 1020 && message.allSatisfy { $0 == "€" })
        #expect(trace.utf8.count == 4096)
        #expect(first["duration"] == .float(1.5) && second["duration"] == nil)
    }
}
