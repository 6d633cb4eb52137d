import Foundation
import PostgresNIO

/// A test that had flaky runs on some hardware, with the clean runs it has had there since.
public struct DisableCandidate: Sendable, Hashable {
    /// The test.
    public var testID: Int64
    /// Its file.
    public var file: String
    /// Its classname.
    public var classname: String
    /// Its name.
    public var name: String
    /// The card type ('' when unknown).
    public var cardType: String
    /// Flaky runs on that card type in the lookback.
    public var flakyRuns: Int
    /// Clean runs (passed, no evidence) on that card type since the latest flaky run.
    public var cleanSince: Int
}
