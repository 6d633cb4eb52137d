import Foundation
import Synchronization

/// Test ids by key, shared by the workers of one process, so that a report of tests seen before
/// needs no lookup in the database.
///
/// Only ids of committed `tests` rows enter the cache (``Store/completeUpload(_:owner:rows:counts:)``
/// adds them after its transaction commits). Past ``capacity`` entries the cache starts over.
///
/// - Important: `tests` rows are never deleted while workers run; a cached id of a deleted test
///   would be written into new results.
public final class TestIDCache: Sendable {
    /// The most entries kept (about 50 bytes each).
    public let capacity: Int
    private let ids = Mutex<[UUID: Int64]>([:])

    /// Creates an empty cache.
    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    /// The id of the test with `key`, if known.
    public func id(for key: UUID) -> Int64? {
        ids.withLock { $0[key] }
    }

    /// Adds committed ids.
    public func add(_ entries: [UUID: Int64]) {
        guard !entries.isEmpty else { return }
        ids.withLock { ids in
            if ids.count + entries.count > capacity { ids.removeAll(keepingCapacity: true) }
            guard entries.count <= capacity else { return }
            ids.merge(entries) { _, new in new }
        }
    }

    /// The number of ids held.
    public var count: Int { ids.withLock { $0.count } }
}
