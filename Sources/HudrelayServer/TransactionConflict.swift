import PostgresNIO

/// Recognizes errors that mean "another transaction was in the way" (a deadlock, a serialization
/// failure, a lock wait that gave up): the same request succeeds when tried again, so those are
/// answered `503` with `Retry-After`, which clients retry, instead of a `500`.
enum TransactionConflict {
    /// Whether `error` (or the error a failed transaction wraps) is a conflict between transactions.
    static func matches(_ error: any Error) -> Bool {
        if let t = error as? PostgresTransactionError {
            return [t.beginError, t.closureError, t.commitError].contains { $0.map(matches) ?? false }
        }
        guard let e = error as? PSQLError, e.code == .server else { return false }
        // Class 40: transaction rollback (40001 serialization, 40P01 deadlock); 55P03: lock_not_available.
        let state = e.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("40") || state == "55P03"
    }
}
