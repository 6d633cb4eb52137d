import PostgresNIO

/// What the API, the pages and the reports read: jobs, results, tests, flakiness and its evidence, in one snapshot when asked. A part of ``Store``,
/// over its connection pool.
public struct ReadStore: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }

    /// The pool reads go to: the replica's when the store has one.
    var client: PostgresClient { store.readClient ?? store.client }
}
