/// The upload queue: reports received (stored before the API answers), claimed by workers under leases, handed back, failed. A part of ``Store``,
/// over its connection pool.
public struct UploadQueue: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
