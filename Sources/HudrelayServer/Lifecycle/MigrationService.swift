import HudrelayStore
import Logging
import ServiceLifecycle
import Synchronization

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
        let state = Mutex<Waiting>(.starting)
        let finish: @Sendable (Result<[String]?, any Error>) -> Void = { result in
            let waiting = state.withLock { s -> CheckedContinuation<[String]?, any Error>? in
                defer { s = .over }
                if case .waiting(let c) = s { return c }
                return nil
            }
            waiting?.resume(with: result)
        }
        let migrator = store.migrator
        return try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<[String]?, any Error>) in
                let over = state.withLock { s -> Bool in
                    if case .over = s { return true }
                    s = .waiting(c)
                    return false
                }
                if over { return c.resume(returning: nil) }
                Task {
                    do { finish(.success(try await migrator.migrate())) } catch { finish(.failure(error)) }
                }
            }
        } onGracefulShutdown: {
            finish(.success(nil))
        }
    }

    /// Where the wait for the migrations is.
    private enum Waiting {
        case starting
        case waiting(CheckedContinuation<[String]?, any Error>)
        case over
    }
}
