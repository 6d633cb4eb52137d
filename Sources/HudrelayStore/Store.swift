import Logging
import PostgresNIO

/// Everything hudrelay keeps in PostgreSQL, in parts by concern over one connection pool: the
/// upload ``queue``, ``results`` loading, the ``analysis``, the ``outbox``, ``tokens`` and
/// ``reads``. All SQL lives in these parts, always with bound values. The store holds no process
/// settings: what a call depends on (what to publish, how to analyze) is passed to it.
///
/// - Important: The ``client`` must be running (a service of the process's `ServiceGroup`, or
///   `HudrelayApplication.withRunningClient`) before any method is called.
public struct Store: Sendable {
    /// The connection pool.
    public let client: PostgresClient
    /// The pool of a streaming replica that ``reads`` are served from (`--read-database-url`), or
    /// `nil` to read from ``client``.
    ///
    /// - Important: Like ``client``, it must be running (a service of the same `ServiceGroup`).
    public let readClient: PostgresClient?
    /// The logger queries log into.
    public let logger: Logger
    /// The ids of tests known to be stored, shared by every copy of this store.
    public let knownTests: KnownTests

    /// Creates a store over `client`, reading ``reads`` from `readClient` when given.
    public init(
        client: PostgresClient, readClient: PostgresClient? = nil, logger: Logger, knownTests: KnownTests = KnownTests()
    ) {
        self.client = client
        self.readClient = readClient
        self.logger = logger
        self.knownTests = knownTests
    }

    /// Reports received, claimed, handed back and failed.
    public var queue: UploadQueue { UploadQueue(store: self) }
    /// A claimed upload's rows loaded.
    public var results: ResultsLoader { ResultsLoader(store: self) }
    /// Jobs analyzed into runs and rollups.
    public var analysis: AnalysisStore { AnalysisStore(store: self) }
    /// Jobs registered and finished, and their deliveries.
    public var outbox: Outbox { Outbox(store: self) }
    /// Bearer tokens.
    public var tokens: TokenStore { TokenStore(store: self) }
    /// What the API, the pages and the reports read: from the replica when there is one.
    public var reads: ReadStore { ReadStore(store: self) }
    /// Uploaded scopes and their history.
    public var scopes: ScopeStore { ScopeStore(store: self) }
    /// A stage's jobs' times and conclusions, for the scorecard.
    public var scorecard: ScorecardStore { ScorecardStore(store: self) }
    /// Results retention: partitions dropped, and how far back results are gone.
    public var retention: RetentionStore { RetentionStore(store: self) }

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
