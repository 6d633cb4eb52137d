import PostgresNIO

/// A failure in the store, with a code a script can match and a message a person can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The database URL could not be parsed.
        case badDatabaseURL = "bad_database_url"
        /// A migration file that was applied has changed since.
        case migrationChanged = "migration_changed"
        /// The database holds migrations this build does not know.
        case unknownMigration = "unknown_migration"
        /// A migration's SQL failed on this database (a table in its way, too few rights, …).
        case migrationFailed = "migration_failed"
        /// The job context is incomplete or out of range.
        case badContext = "bad_context"
        /// A token name is taken.
        case tokenExists = "token_exists"
        /// The worker no longer holds the upload's lease.
        case leaseLost = "lease_lost"
        /// The embedded PostgreSQL could not be started.
        case embeddedDatabase = "embedded_database"
        /// Two test identities have the same 63-bit id (vanishingly rare; see `TestID`).
        case testIDCollision = "test_id_collision"
        /// A broken invariant: a bug in hudrelay.
        case `internal` = "internal"
    }

    /// What went wrong.
    public var code: Code
    /// The details.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension StoreError {
    /// The store error `error` is or wraps (a failed transaction wraps the error of its body).
    public static func find(in error: any Error) -> StoreError? {
        if let e = error as? StoreError { return e }
        if let t = error as? PostgresTransactionError, let inner = t.closureError { return find(in: inner) }
        return nil
    }
}
