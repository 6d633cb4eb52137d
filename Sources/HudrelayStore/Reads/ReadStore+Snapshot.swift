import Logging
import PostgresNIO

extension ReadStore {
    /// The connection of the snapshot that reads in this task run in, if any.
    @TaskLocal static var snapshotConnection: PostgresConnection?

    /// Runs `body` with every read of this store in one snapshot: a read-only, repeatable-read
    /// transaction on one connection, so the figures of one response agree with each other even
    /// while the analyzer writes. Reads from child tasks (`async let`) share it, one at a time.
    public func withSnapshot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if ReadStore.snapshotConnection != nil { return try await body() }
        return try await client.withConnection { conn in
            try await conn.perform("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            // A report's aggregations over the rollups hash hundreds of thousands of (slice, test)
            // groups: with the default 4 MB the planner sorts millions of rows instead (3x slower).
            try await conn.perform("SET LOCAL work_mem = '128MB'", logger: logger)
            do {
                let value = try await ReadStore.$snapshotConnection.withValue(conn) { try await body() }
                try await conn.perform("COMMIT", logger: logger)
                return value
            } catch {
                try? await conn.perform("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs a read on the current snapshot's connection, or on the pool outside one.
    func read(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        if let conn = ReadStore.snapshotConnection { return try await conn.query(query, logger: logger) }
        return try await client.query(query, logger: logger)
    }
}
