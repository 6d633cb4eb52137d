import Foundation
import HudrelayServer
import PostgresNIO
import Testing

@testable import HudrelayStore

/// How finishing a job meets the transactions that add rows referencing it.
@Suite("Job locks", .timeLimit(.minutes(10)))
struct JobLockTests {
    /// Runs `body` with a store whose lock waits give up after `lockTimeout`, and a connection of
    /// its own (`other`) to the same database.
    static func withImpatientStore(
        lockTimeout: String, _ body: @Sendable (Store, PostgresConnection) async throws -> Void
    ) async throws {
        try await TestDatabase.withStore { _, url in
            try await TestDatabase.withConnection(url) { other in
                try await other.perform(
                    PostgresQuery(unsafeSQL: "ALTER DATABASE \(url.database) SET lock_timeout = '\(lockTimeout)'"),
                    logger: TestDatabase.logger)
                let client = PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger)
                try await HudrelayApplication.withRunningClient(client) {
                    try await body(Store(client: client, logger: TestDatabase.logger), other)
                }
            }
        }
    }

    @Test("a finish request does not wait for the key-share lock that rows referencing the job hold")
    func finishBesideWorker() async throws {
        // Waiting here would be the bug: the store gives up instead of hanging the test.
        try await Self.withImpatientStore(lockTimeout: "20s") { store, other in
            let job = try await store.outbox.registerJob(
                context: JobContext(repo: "a/b", sha: "lock"), publishing: PublishSettings())
            // What inserting a row that references the job (an upload, a run) takes, until commit.
            try await other.perform("BEGIN", logger: TestDatabase.logger)
            try await other.perform("SELECT id FROM jobs WHERE id = \(job) FOR KEY SHARE", logger: TestDatabase.logger)
            #expect(try await store.outbox.requestFinish(jobID: job, publishing: PublishSettings()))
            // That transaction can now update the job without waiting, and sees it finished.
            try await other.perform(
                "SELECT id FROM jobs WHERE id = \(job) FOR NO KEY UPDATE", logger: TestDatabase.logger)
            let rows = try await other.query(
                "SELECT finished_at IS NOT NULL FROM jobs WHERE id = \(job)", logger: TestDatabase.logger)
            var finished = false
            for try await f in rows.decode(Bool.self) { finished = f }
            #expect(finished)
            try await other.perform("COMMIT", logger: TestDatabase.logger)
        }
    }

    @Test("a request that meets a lock it cannot wait for is answered 503 database_busy with Retry-After")
    func busyIsRetryable() async throws {
        try await Self.withImpatientStore(lockTimeout: "1s") { store, other in
            let token = try await IngestTests.token(store)
            let job = try await store.outbox.registerJob(
                context: JobContext(repo: "a/b", sha: "busy"), publishing: PublishSettings())
            try await TestServer.with(store: store) { server in
                let finish: @Sendable () async throws -> (Int, [(String, String)], String) = {
                    try await server.request(
                        .POST, "/api/v1/jobs/\(job)/finish", headers: [("Authorization", "Bearer \(token)")])
                }
                try await other.perform("BEGIN", logger: TestDatabase.logger)
                try await other.perform("SELECT id FROM jobs WHERE id = \(job) FOR UPDATE", logger: TestDatabase.logger)
                let (status, headers, body) = try await finish()
                #expect(status == 503)
                #expect(TestServer.json(body)["code"] as? String == "database_busy")
                #expect(headers.contains { $0.0.lowercased() == "retry-after" })
                try await other.perform("ROLLBACK", logger: TestDatabase.logger)
                // Tried again, the same request goes through.
                #expect(try await finish().0 == 202)
            }
        }
    }

    @Test("an error raised while a statement runs reaches the caller that does not want its rows")
    func performThrows() async throws {
        try await TestDatabase.withStore(migrate: false) { _, url in
            try await TestDatabase.withConnection(url) { conn in
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
