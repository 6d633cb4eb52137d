import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not wanted, and waits for it to end.
    ///
    /// - Important: Use it instead of discarding what `query` returns. PostgresNIO answers a
    ///   query once the row description arrives, before the statement has run: an error raised
    ///   while it runs (a deadlock, a lock wait cut short, a failed `pg_advisory_xact_lock`) only
    ///   reaches a caller that reads the rows. Discarded, it is lost, and the next statement of the
    ///   transaction fails with "current transaction is aborted".
    func perform(_ query: PostgresQuery, logger: Logger) async throws {
        let rows = try await self.query(query, logger: logger)
        for try await _ in rows {}
    }
}

extension PostgresClient {
    /// Runs a statement on a pooled connection and waits for it to end; see
    /// ``PostgresNIO/PostgresConnection/perform(_:logger:)``.
    func perform(_ query: PostgresQuery, logger: Logger) async throws {
        let rows = try await self.query(query, logger: logger)
        for try await _ in rows {}
    }
}
