import Logging
import PostgresNIO

/// One concern of the ``Store`` (the queue, results loading, analysis, the outbox, tokens,
/// reads): its SQL over the store's one connection pool.
protocol StorePart: Sendable {
    /// The store this part belongs to.
    var store: Store { get }
}

extension StorePart {
    /// The connection pool.
    var client: PostgresClient { store.client }
    /// The logger queries log into.
    var logger: Logger { store.logger }
    /// The ids of tests known to be stored.
    var knownTests: KnownTests { store.knownTests }
}
