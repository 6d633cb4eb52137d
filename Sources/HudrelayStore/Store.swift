import Logging
import PostgresNIO

/// Everything hudrelay keeps in PostgreSQL. All SQL lives in this type's extensions, always with
/// bound values.
///
/// - Important: The ``client`` must be running (`await client.run()` in a task or a
///   `ServiceGroup`) before any method is called.
public struct Store: Sendable {
    /// The connection pool.
    public let client: PostgresClient
    /// The logger queries log into.
    public let logger: Logger
    /// The ids of tests known to be stored, shared by every copy of this store.
    public let knownTests: KnownTests
    /// The deliveries that finishing a job creates.
    public var publishing: PublishSettings

    /// Creates a store over `client`.
    public init(
        client: PostgresClient, logger: Logger, knownTests: KnownTests = KnownTests(),
        publishing: PublishSettings = PublishSettings()
    ) {
        self.client = client
        self.logger = logger
        self.knownTests = knownTests
        self.publishing = publishing
    }

    /// A migrator for this store's database.
    public var migrator: Migrator { Migrator(client: client, logger: logger) }

    /// Whether the database answers.
    public func ping() async -> Bool {
        do {
            let rows = try await client.query("SELECT 1", logger: logger)
            for try await _ in rows.decode(Int.self) {}
            return true
        } catch {
            return false
        }
    }
}
