import HudrelayStore

/// The flaky tests of a window and how current they are, read in one snapshot.
public struct FlakyList: Sendable {
    /// The flaky tests, ordered as asked.
    public var tests: [FlakyTest]
    /// What the list includes and what it does not yet.
    public var freshness: AnalysisFreshness
}
