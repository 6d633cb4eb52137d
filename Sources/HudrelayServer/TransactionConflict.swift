import PostgresNIO

/// Recognizes errors that mean "another transaction was in the way" (a deadlock, a serialization
/// failure, a lock wait that gave up): the same request succeeds when tried again, so those are
/// answered `503` with `Retry-After`, which clients retry, instead of a `500`.
enum TransactionConflict {
    /// Whether `error` (or the error a failed transaction wraps) is a conflict between transactions.
    static func matches(_ error: any Error) -> Bool {
        PSQLError.all(in: error).contains { e in
            // Class 40: transaction rollback (40001 serialization, 40P01 deadlock); 55P03: lock_not_available.
            let state = e.serverInfo?[.sqlState] ?? ""
            return e.code == .server && (state.hasPrefix("40") || state == "55P03")
        }
    }
}
