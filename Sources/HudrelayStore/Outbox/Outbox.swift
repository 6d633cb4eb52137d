/// Jobs and their deliveries: registering and finishing jobs, the publish outbox the publisher works through, and what a delivery reads. A part of ``Store``,
/// over its connection pool.
public struct Outbox: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
