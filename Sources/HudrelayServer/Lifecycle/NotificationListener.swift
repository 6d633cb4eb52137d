import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens on `hudrelay_uploads` and wakes the workers; reconnects after errors. Workers poll as
/// well, so a lost notification only costs latency.
/// Public so that `hudrelay work` can run it next to its workers.
public struct NotificationListener: Service {
    let client: PostgresClient
    let wakeup: Wakeup
    let logger: Logger

    /// Creates a listener that wakes `wakeup`.
    public init(client: PostgresClient, wakeup: Wakeup, logger: Logger) {
        self.client = client
        self.wakeup = wakeup
        self.logger = logger
    }

    /// Listens until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { conn in
                        try await conn.listen(on: "hudrelay_uploads") { notifications in
                            wakeup.signal()  // anything queued while we were not listening
                            for try await _ in notifications { wakeup.signal() }
                        }
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("LISTEN connection lost; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}
