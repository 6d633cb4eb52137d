/// Bearer tokens: created once (only their SHA-256 is kept), listed, revoked, checked. A part of ``Store``,
/// over its connection pool.
public struct TokenStore: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
