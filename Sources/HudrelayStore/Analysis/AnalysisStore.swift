/// The analysis: the queue of jobs to analyze, per-job runs and rollups, rebuilds, and how current they are. A part of ``Store``,
/// over its connection pool.
public struct AnalysisStore: StorePart {
    /// The store this part belongs to.
    public let store: Store

    /// The part of `store`.
    public init(store: Store) { self.store = store }
}
