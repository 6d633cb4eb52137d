import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The last word on shutdown: once graceful shutdown begins, the process exits within `limit`
/// whatever still runs (a query on a database that does not answer, a `COPY` on a dead
/// connection). Put it last in the service group, so it hears of the shutdown first.
///
/// Before a forced exit it runs the hooks registered with ``onForcedExit(_:)`` (stopping an
/// embedded PostgreSQL, a worker process).
public struct ShutdownDeadline: Service {
    let limit: Duration
    let logger: Logger

    /// A deadline of `limit` after graceful shutdown begins.
    public init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    private static let hooks = Mutex<[@Sendable () -> Void]>([])

    /// Registers `hook` to run, quickly, before a forced exit.
    public static func onForcedExit(_ hook: @escaping @Sendable () -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    /// Waits for graceful shutdown, then arms the exit and returns.
    public func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        let (limit, logger) = (limit, logger)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: Double(limit.components.seconds))
            logger.error(
                "shutdown did not finish in time; exiting", metadata: ["limit_seconds": "\(limit.components.seconds)"])
            for hook in Self.hooks.withLock({ $0 }) { hook() }
            exit(1)
        }
    }
}
