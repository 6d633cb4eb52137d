import PostgresNIO

/// Recognizes errors that mean "the database is not reachable right now" (a restart, a failover, a
/// dropped connection), as opposed to a bug: those are answered `503` with `Retry-After`, which
/// clients retry.
enum DatabaseOutage {
    /// Whether `error` (or the error a failed transaction wraps) is a connection-level failure.
    static func matches(_ error: any Error) -> Bool {
        PSQLError.all(in: error).contains { e in
            switch e.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // 08xxx: connection exceptions; 57P01-57P03: shutdown, crash, cannot connect now.
                let state = e.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57P")
            default:
                return false
            }
        }
    }
}
