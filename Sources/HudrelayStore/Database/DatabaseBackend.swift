import Foundation
import Logging
import PostgresNIO

/// One PostgreSQL backend (server process) behind a connection: its pid and when it started, which
/// together name it even across a restart that reuses pids.
public struct DatabaseBackend: Sendable, Equatable {
    /// The backend's process id.
    public var pid: Int32
    /// When it started.
    public var started: Date

    /// The backend of `conn`.
    static func current(on conn: PostgresConnection, logger: Logger) async throws -> DatabaseBackend {
        let rows = try await conn.query(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()", logger: logger)
        for try await (pid, started) in rows.decode((Int32, Date).self) {
            return DatabaseBackend(pid: pid, started: started)
        }
        throw StoreError(.internal, "the database does not list its own backend")
    }
}
