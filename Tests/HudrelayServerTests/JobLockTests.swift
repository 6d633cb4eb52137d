import Foundation
import PostgresNIO
import Testing

@testable import HudrelayStore

/// How finishing a job meets the transactions that add rows referencing it.
@Suite("Job locks")
struct JobLockTests {
    /// Runs `body` on a connection of its own to the test's database, outside the store's pool.
    static func withConnection(_ url: DatabaseURL, _ body: (PostgresConnection) async throws -> Void) async throws {
        let config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        let conn = try await PostgresConnection.connect(configuration: config, id: 2, logger: TestDatabase.logger)
        do {
            try await body(conn)
        } catch {
            try? await conn.close()
            throw error
        }
        try await conn.close()
    }

    @Test("a finish request does not wait for the key-share lock that rows referencing the job hold")
    func finishBesideWorker() async throws {
        try await TestDatabase.withStore { _, url in
            try await Self.withConnection(url) { worker in
                // A store whose lock waits give up: waiting here would be the bug.
                try await worker.perform(
                    PostgresQuery(unsafeSQL: "ALTER DATABASE \(url.database) SET lock_timeout = '20s'"),
                    logger: TestDatabase.logger)
                let client = PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await client.run() }
                    defer { group.cancelAll() }
                    let store = Store(client: client, logger: TestDatabase.logger)
                    let job = try await store.registerJob(context: JobContext(repo: "a/b", sha: "lock"))
                    // What inserting a row that references the job (an upload, a run) takes, until commit.
                    try await worker.perform("BEGIN", logger: TestDatabase.logger)
                    try await worker.perform(
                        "SELECT id FROM jobs WHERE id = \(job) FOR KEY SHARE", logger: TestDatabase.logger)
                    #expect(try await store.requestFinish(jobID: job))
                    // That transaction can now update the job without waiting, and sees it finished.
                    try await worker.perform(
                        "SELECT id FROM jobs WHERE id = \(job) FOR NO KEY UPDATE", logger: TestDatabase.logger)
                    let rows = try await worker.query(
                        "SELECT finished_at IS NOT NULL FROM jobs WHERE id = \(job)", logger: TestDatabase.logger)
                    var finished = false
                    for try await f in rows.decode(Bool.self) { finished = f }
                    #expect(finished)
                    try await worker.perform("COMMIT", logger: TestDatabase.logger)
                }
            }
        }
    }

    @Test("an error raised while a statement runs reaches the caller that does not want its rows")
    func performThrows() async throws {
        try await TestDatabase.withStore(migrate: false) { _, url in
            try await Self.withConnection(url) { conn in
                // The row description comes first; the division by zero only on the third row.
                await #expect(throws: PSQLError.self) {
                    try await conn.perform(
                        "SELECT 1 / (2 - x) FROM generate_series(0, 3) x", logger: TestDatabase.logger)
                }
                // The connection is usable afterwards.
                try await conn.perform("SELECT 1", logger: TestDatabase.logger)
            }
        }
    }
}
