import Logging
import PostgresNIO

/// Applies the migrations in `schema/` to a database.
///
/// Each pending file runs in its own transaction together with its ledger row, under a
/// transaction-level advisory lock, so several instances starting at once apply each file exactly
/// once. A file that was applied and has changed since stops everything with
/// ``StoreError/Code/migrationChanged``.
public struct Migrator: Sendable {
    /// The advisory lock key all hudrelay migrators share.
    static let lockKey: Int64 = 0x6875_6472_656C_6179  // "hudrelay"

    let client: PostgresClient
    let logger: Logger
    let migrations: [Migration]

    /// Creates a migrator for `client`.
    public init(client: PostgresClient, logger: Logger, migrations: [Migration] = Migration.all) {
        self.client = client
        self.logger = logger
        self.migrations = migrations
    }

    /// The applied migrations: version → checksum.
    public func applied() async throws -> [Int: String] {
        let exists = try await client.query("SELECT to_regclass('hudrelay_migrations') IS NOT NULL", logger: logger)
        var found = false
        for try await flag in exists.decode(Bool.self) { found = flag }
        guard found else { return [:] }
        var result: [Int: String] = [:]
        let rows = try await client.query("SELECT version, sha256 FROM hudrelay_migrations", logger: logger)
        for try await (version, sha) in rows.decode((Int, String).self) { result[version] = sha }
        return result
    }

    /// The names of the migrations not applied yet; throws when an applied one changed.
    public func pending() async throws -> [Migration] {
        let done = try await applied()
        try check(done)
        return migrations.filter { done[$0.version] == nil }
    }

    /// Applies every pending migration and returns their names.
    @discardableResult
    public func migrate() async throws -> [String] {
        var names: [String] = []
        for migration in migrations {
            let applied = try await unwrapped(migration) { try await apply(migration) }
            if applied {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                names.append(migration.name)
            }
        }
        try check(try await applied())
        let filled = try await fillGenericIDs()
        if filled > 0 { logger.info("filled in generic test ids", metadata: ["tests": "\(filled)"]) }
        return names
    }

    /// Applies one migration unless it is applied; `true` when this call applied it.
    private func apply(_ migration: Migration) async throws -> Bool {
        try await client.withTransaction(logger: logger) { conn -> Bool in
            try await conn.perform("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let exists = try await conn.query(
                "SELECT to_regclass('hudrelay_migrations') IS NOT NULL", logger: logger)
            var ledger = false
            for try await flag in exists.decode(Bool.self) { ledger = flag }
            if ledger {
                let rows = try await conn.query(
                    "SELECT sha256 FROM hudrelay_migrations WHERE version = \(migration.version)", logger: logger)
                for try await sha in rows.decode(String.self) {
                    guard sha == migration.checksum else { throw changed(migration) }
                    return false
                }
            }
            for statement in SQLStatementSplitter.split(migration.sql) {
                try await conn.perform(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await conn.perform(
                """
                INSERT INTO hudrelay_migrations (version, name, sha256)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """, logger: logger)
            return true
        }
    }

    /// Rethrows the store's own error from inside a failed transaction, and the server's refusal
    /// of `migration`'s SQL as ``StoreError/Code/migrationFailed`` in one line.
    private func unwrapped<T>(_ migration: Migration, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? StoreError { throw inner }
            if let psql = error.closureError as? PSQLError, let message = psql.serverInfo?[.message] {
                let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                throw StoreError(
                    .migrationFailed, "schema/\(migration.name) did not apply to this database: \(message)\(state)")
            }
            throw error
        }
    }

    private func check(_ done: [Int: String]) throws {
        for (version, sha) in done {
            guard let known = migrations.first(where: { $0.version == version }) else {
                throw StoreError(
                    .unknownMigration,
                    "the database has migration \(version), which this build of hudrelay does not know: upgrade hudrelay"
                )
            }
            if known.checksum != sha { throw changed(known) }
        }
    }

    private func changed(_ m: Migration) -> StoreError {
        StoreError(
            .migrationChanged,
            "schema/\(m.name) was applied to this database and has been edited since (checksum differs): "
                + "add a new migration instead of editing an applied one")
    }
}
