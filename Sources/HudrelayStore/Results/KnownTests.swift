import Synchronization

/// The ids of tests known to be in `tests`, shared by the workers of one process, so that a
/// report of tests seen before writes nothing but its results.
///
/// Only ids of committed `tests` rows enter the set (``Store/completeUpload(_:owner:load:)`` adds
/// them after its transactions commit). Past ``capacity`` entries the set starts over.
///
/// - Important: `tests` rows are never deleted while workers run; a known id of a deleted test
///   would leave its new results without a name.
public final class KnownTests: Sendable {
    /// The most ids kept (about 20 bytes each).
    public let capacity: Int
    private let ids = Mutex<Set<Int64>>([])

    /// Creates an empty set.
    public init(capacity: Int = 2_000_000) {
        self.capacity = capacity
    }

    /// Whether the test with `id` is known to be stored.
    public func contains(_ id: Int64) -> Bool {
        ids.withLock { $0.contains(id) }
    }

    /// The ids now, as a value (copy-on-write: taking it copies nothing).
    public var snapshot: Set<Int64> { ids.withLock { $0 } }

    /// Adds committed ids.
    public func add(_ entries: [Int64]) {
        guard !entries.isEmpty else { return }
        ids.withLock { ids in
            if ids.count + entries.count > capacity { ids.removeAll(keepingCapacity: true) }
            guard entries.count <= capacity else { return }
            ids.formUnion(entries)
        }
    }

    /// The number of ids held.
    public var count: Int { ids.withLock { $0.count } }
}
