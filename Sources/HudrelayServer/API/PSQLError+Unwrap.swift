import PostgresNIO

extension PSQLError {
    /// The PostgreSQL errors in `error`: itself, or those a failed transaction wraps (begin, body,
    /// commit).
    static func all(in error: any Error) -> [PSQLError] {
        if let t = error as? PostgresTransactionError {
            return [t.beginError, t.closureError, t.commitError].compactMap { $0 }.flatMap { all(in: $0) }
        }
        return (error as? PSQLError).map { [$0] } ?? []
    }
}
