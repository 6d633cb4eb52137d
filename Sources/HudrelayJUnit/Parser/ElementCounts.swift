/// How many elements of each kind a report held, before any merging.
///
/// These are the raw figures an XML walk finds (and that `manifest.tsv` of the reference corpus
/// lists), kept so that a merged count can always be reconciled with the document.
public struct ElementCounts: Sendable, Hashable, Codable {
    /// `<testsuite>` elements (not counting the `<testsuites>` root).
    public var testsuites = 0
    /// `<testcase>` elements, at any depth.
    public var testcases = 0
    /// `<testcase>` elements holding at least one `<failure>` child.
    public var failures = 0
    /// `<testcase>` elements holding at least one `<error>` child.
    public var errors = 0
    /// `<testcase>` elements holding at least one `<skipped>` child.
    public var skipped = 0
    /// `<rerun>` elements.
    public var rerun = 0
    /// `<flakyFailure>` elements.
    public var flakyFailure = 0
    /// `<flakyError>` elements.
    public var flakyError = 0
    /// `<rerunFailure>` elements.
    public var rerunFailure = 0
    /// `<rerunError>` elements.
    public var rerunError = 0
    /// `<testcase>` entries merged into an earlier entry of the same test as a pytest teardown
    /// error of the same run.
    public var teardownMerges = 0

    /// Creates zero counts.
    public init() {}

    /// All rerun-like child elements together.
    public var rerunElements: Int { rerun + flakyFailure + flakyError + rerunFailure + rerunError }
}
