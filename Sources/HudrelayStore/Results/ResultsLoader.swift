/// Results loading: a claimed upload's rows `COPY`d into `results` (and its new tests into `tests`), exactly once. A part of ``Store``,
/// over its connection pool.
public struct ResultsLoader: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
