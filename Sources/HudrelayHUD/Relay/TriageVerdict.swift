import Foundation

/// The relay's `triage-verdict` (docs/hud.md, "Triage verdict"): why a job failed, with evidence,
/// written within the limits the relay enforces (test-infra's `cross_repo_ci_relay`
/// `utils/triage_verdict.py`), because any malformed field makes it drop the whole verdict.
public struct TriageVerdict: Sendable, Hashable {
    /// Why the job failed.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// An upstream PyTorch change broke it.
        case upstream
        /// The backend broke it.
        case backend
        /// The machine, pod or cluster.
        case infra
        /// Flaky tests.
        case flake
        /// Not known.
        case unknown
    }

    /// How sure the verdict is.
    public enum Confidence: String, Sendable, Hashable, CaseIterable {
        /// Sure.
        case high
        /// Likely.
        case medium
        /// A guess.
        case low
    }

    /// One piece of evidence: a failed test of the job and where to read about it.
    public struct Evidence: Sendable, Hashable {
        /// The job's name.
        public var job: String
        /// The test (`Class::method`).
        public var test: String
        /// A page about it (hudrelay's test page).
        public var logURL: String?
        /// The failure message.
        public var excerpt: String?

        /// Creates evidence.
        public init(job: String, test: String, logURL: String?, excerpt: String?) {
            self.job = job
            self.test = test
            self.logURL = logURL
            self.excerpt = excerpt
        }
    }

    /// The category.
    public var category: Category
    /// The confidence.
    public var confidence: Confidence
    /// One or two sentences, at most 1,000 characters.
    public var summary: String
    /// At most 10 entries.
    public var evidence: [Evidence]
    /// Whether the failure happened again when retried.
    public var reproducedOnRetry: Bool
    /// The analyzer's version.
    public var analyzerVersion: String
    /// When the verdict was made.
    public var analyzedAt: Date

    /// The relay's limits.
    public static let maxSummary = 1000
    /// At most this many evidence entries are kept.
    public static let maxEvidence = 10
    /// The whole verdict's JSON, in bytes.
    public static let maxBytes = 16 * 1024

    /// Creates a verdict.
    public init(
        category: Category, confidence: Confidence, summary: String, evidence: [Evidence], reproducedOnRetry: Bool,
        analyzerVersion: String, analyzedAt: Date
    ) {
        self.category = category
        self.confidence = confidence
        self.summary = summary
        self.evidence = evidence
        self.reproducedOnRetry = reproducedOnRetry
        self.analyzerVersion = analyzerVersion
        self.analyzedAt = analyzedAt
    }

    /// The verdict as the relay validates it, or `nil` when it cannot be made valid: strings cut
    /// to their limits (characters), empty optional strings left out, a `log_url` that the relay
    /// would refuse (not plain http(s) with a host, `@` in the host, whitespace or control
    /// characters) left out, and evidence dropped from the end until the JSON fits in 16 KB.
    public func value() -> PyValue? {
        let summary = Self.cut(self.summary, Self.maxSummary)
        guard !summary.isEmpty else { return nil }
        var items = evidence.prefix(Self.maxEvidence).compactMap(Self.evidenceValue)
        while true {
            var d = PyDict()
            d["schema_version"] = .int(1)
            d["category"] = .string(category.rawValue)
            d["confidence"] = .string(confidence.rawValue)
            d["summary"] = .string(summary)
            d["evidence"] = .list(items)
            d["reproduced_on_retry"] = .bool(reproducedOnRetry)
            var analyzer = PyDict()
            analyzer["name"] = .string("hudrelay")
            analyzer["version"] = .string(Self.cut(analyzerVersion.isEmpty ? "unknown" : analyzerVersion, 200))
            d["analyzer"] = .dict(analyzer)
            d["analyzed_at"] = .string(RelayCallback.timestamp(analyzedAt))
            let value = PyValue.dict(d)
            if PyJSON.dumps(value).utf8.count <= Self.maxBytes { return value }
            if items.isEmpty { return nil }
            items.removeLast()
        }
    }

    static func evidenceValue(_ e: Evidence) -> PyValue? {
        let job = cut(e.job, 200)
        let test = cut(e.test, 200)
        guard !job.isEmpty, !test.isEmpty else { return nil }
        var d = PyDict()
        d["job"] = .string(job)
        d["test"] = .string(test)
        if let url = e.logURL, url.count <= 500, isSafeURL(url) { d["log_url"] = .string(url) }
        if let excerpt = e.excerpt.map({ cut($0, 1000) }), !excerpt.isEmpty { d["excerpt"] = .string(excerpt) }
        return .dict(d)
    }

    /// Whether the relay takes `url` as a `log_url`: http or https, a host without `@`, and no
    /// whitespace or control characters anywhere.
    public static func isSafeURL(_ url: String) -> Bool {
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = c.host, !host.isEmpty, c.user == nil, c.password == nil
        else { return false }
        let authority = url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !authority.contains("@")
    }

    /// `s` cut to `n` characters (the relay counts Python characters: code points).
    static func cut(_ s: String, _ n: Int) -> String {
        let scalars = s.unicodeScalars
        guard scalars.count > n else { return s }
        return String(String.UnicodeScalarView(scalars.prefix(n)))
    }
}
