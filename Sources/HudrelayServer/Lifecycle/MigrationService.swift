import HudrelayStore
import Logging
import ServiceLifecycle

/// Applies the migrations once the database client runs, then opens `ready`: the services that
/// use the database (``GatedService``) and the HTTP server wait for it. A migration that fails
/// ends the group, and so the process, with its error.
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
        let applied = try await store.migrator.migrate()
        if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied)"]) }
        ready.open()
        try? await gracefulShutdown()
    }
}
