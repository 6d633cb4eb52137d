import Foundation

/// One uploaded scope version: a repository's test configs at a commit, resolved.
public struct ScopeRecord: Sendable, Hashable {
    /// Its id.
    public var id: Int64
    /// The configs' repository.
    public var repo: String
    /// The commit the configs were read at.
    public var sha: String
    /// When it was uploaded (last, for a commit uploaded again).
    public var uploadedAt: Date
    /// Whether a population (`pytest --collect-only -q`) was given.
    public var populationGiven: Bool
    /// Generic tests resolved, in scope or not.
    public var tests: Int
    /// Of them, in scope (not excluded): the population P.
    public var inScope: Int
    /// Enabled (`mandatory_success`) and in scope.
    public var enabled: Int
    /// `xfail` or `xfail_strict` and in scope.
    public var xfail: Int
    /// Config `files:` entries read.
    public var configFiles: Int
    /// Named entries of collected files that the population lacks.
    public var entriesNotCollected: Int
    /// Expression entries of files the population does not hold (not listed one by one).
    public var unlistedPatterns: Int
}
