import HudrelayStore
import Logging
import ServiceLifecycle

/// Applies the migrations once the database client runs, then opens `ready`: the services that
/// use the database (``GatedService``) and the HTTP server wait for it. A migration that fails
/// ends the group, and so the process, with its error.
///
/// Graceful shutdown ends the wait for the migrations at once, whatever they wait for (another
/// instance holding their lock, a database that does not answer): the gate then stays closed and
/// the process stops without having served.
public struct MigrationService: Service {
    let store: Store
    let ready: Gate
    let logger: Logger

    /// Migrates `store`'s database, then opens `ready`.
    public init(store: Store, ready: Gate, logger: Logger) {
        self.store = store
        self.ready = ready
        self.logger = logger
    }

    /// Migrates, opens the gate, and stays until graceful shutdown (a service that returns would
    /// end the group).
    public func run() async throws {
        guard let applied = try await migrateUnlessShutdown() else {
            logger.info("shutdown came before the migrations were applied; not serving")
            return
        }
        if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied)"]) }
        ready.open()
        try? await gracefulShutdown()
    }

    /// The migrations applied, or `nil` when graceful shutdown came first. The migrations' task is
    /// not waited for then: a statement waiting on a lock does not end when its task is cancelled,
    /// and ends with its connection when the client stops.
    private func migrateUnlessShutdown() async throws -> [String]? {
        let first = FirstOutcome<Result<[String], any Error>?>()
        let migrator = store.migrator
        Task {
            do { first.settle(.success(try await migrator.migrate())) } catch { first.settle(.failure(error)) }
        }
        guard let settled = await first.wait(drain: .zero, drained: { nil }), let result = settled else { return nil }
        return try result.get()
    }
}
