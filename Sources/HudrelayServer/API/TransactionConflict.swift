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

    /// Whether `error` is a deadlock or a serialization failure (PostgreSQL rolled the transaction
    /// back on purpose): running the transaction again is what PostgreSQL's manual prescribes. A
    /// lock wait that gave up (`55P03`) is not retried: it waited its whole timeout already.
    static func isRetryable(_ error: any Error) -> Bool {
        PSQLError.all(in: error).contains { e in
            let state = e.serverInfo?[.sqlState] ?? ""
            return e.code == .server && (state == "40P01" || state == "40001")
        }
    }

    /// Runs `transaction`, again (up to `attempts` times in all, a few milliseconds apart) while it
    /// fails with a deadlock or a serialization failure. Only for idempotent work, such as storing
    /// an upload (the same job and content is the same upload).
    static func retrying<T: Sendable>(
        attempts: Int = 3, _ transaction: @Sendable () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction()
            } catch  where attempt < attempts && isRetryable(error) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * attempt))
                attempt += 1
            }
        }
    }
}
