/// Uploaded scopes: a repository's test configs at a commit, resolved into generic tests, and their
/// history. A part of ``Store``, over its connection pool.
public struct ScopeStore: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
