import Foundation
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Logging
import PostgresNIO
import Testing

/// Test identities: the id Swift computes is the database's, and a test keeps one id however
/// its results arrive.
@Suite("Test ids", .serialized, .timeLimit(.minutes(10)))
struct TestIDTests {
    static let identities: [(String, String, String, String)] = [
        ("pytorch/pytorch", "test/test_ops.py", "test.test_ops.TestCommonCPU", "test_add_cpu_float32"),
        ("a/b", "", "", "t"),
        ("1:a", "b", "", "c"),  // the length prefix keeps ("1:a", "b") apart from ("1", "a…")
        ("1", "a1:b", "", "c"),
        ("ibm/torch-spyre", "tests/ünïcödé.py", "Tëst 中文", "test_x[\t\\n 🚀]"),
    ]

    @Test("TestID.make equals hudrelay_test_id() for every identity")
    func idsAgree() async throws {
        try await TestDatabase.withStore { store, _ in
            var keys = Set<Int64>()
            for (repo, file, classname, name) in Self.identities {
                let rows = try await store.client.query(
                    "SELECT hudrelay_test_id(\(repo), \(file), \(classname), \(name))", logger: store.logger)
                var sql: Int64?
                for try await k in rows.decode(Int64.self) { sql = k }
                let swift = TestID.make(repo: repo, file: file, classname: classname, name: name)
                #expect(sql == swift, "\(repo) \(file) \(classname) \(name)")
                keys.insert(swift)
            }
            #expect(keys.count == Self.identities.count)
        }
    }

    @Test("a test keeps its id across uploads, a warm worker and a fresh process")
    func idsAreStable() async throws {
        try await TestDatabase.withStore { store, _ in
            // First upload: every test is new. Second: the same tests from the warm cache.
            // Third: a store with an empty cache, as after a restart, plus tests never seen.
            let fresh = Store(client: store.client, logger: store.logger)
            for (i, (worker, cases)) in [(store, 40), (store, 40), (fresh, 60)].enumerated() {
                let xml = WorkerTests.report(seed: i, cases: cases)
                _ = try await worker.queue.storeUpload(
                    context: JobContext(repo: "a/b", sha: "s\(i)"), filename: "r.xml",
                    content: .inline(try GzipDeflater.compress(xml)), sha256: Array(repeating: UInt8(i), count: 32),
                    size: Int64(xml.count), publishing: PublishSettings())
                let service = WorkerService(
                    store: worker, metrics: ServerMetrics(), wakeup: Wakeup(), name: "w\(i)", options: WorkerOptions(),
                    logger: store.logger)
                #expect(try await service.processNext())
            }
            #expect(store.knownTests.count == 40)
            #expect(fresh.knownTests.count == 60)
            // 60 distinct identities (the report repeats some names as reruns), each one row.
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM tests") == 60)
            #expect(
                try await TestDatabase.scalar(
                    store, "SELECT count(*)::int8 FROM tests WHERE id <> hudrelay_test_id(repo, file, classname, name)")
                    == 0)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 140)
            // Every result points at the test of its own name: the first 40 tests in all three jobs.
            #expect(try await TestDatabase.scalar(store, "SELECT count(DISTINCT test_id)::int8 FROM results") == 60)
            #expect(
                try await TestDatabase.scalar(
                    store,
                    "SELECT count(*)::int8 FROM (SELECT test_id FROM results GROUP BY 1 HAVING count(DISTINCT job_id) = 3) x"
                ) == 40)
        }
    }

    @Test("an id already taken by another identity fails the upload with both names, never merges them")
    func collision() async throws {
        try await TestDatabase.withStore { store, _ in
            let id = TestID.make(repo: "a/b", file: "", classname: "C", name: "test_x")
            try await store.client.query(
                "INSERT INTO tests (id, repo, file, classname, name) VALUES (\(id), 'a/b', '', 'C', 'test_other')",
                logger: store.logger)
            let xml = Array("<testsuite><testcase classname=\"C\" name=\"test_x\"/></testsuite>".utf8)
            let stored = try await store.queue.storeUpload(
                context: JobContext(repo: "a/b", sha: "s"), filename: "r.xml",
                content: .inline(try GzipDeflater.compress(xml)),
                sha256: Array(repeating: 5, count: 32), size: Int64(xml.count), publishing: PublishSettings())
            let worker = WorkerService(
                store: store, metrics: ServerMetrics(), wakeup: Wakeup(), name: "w", options: WorkerOptions(),
                logger: store.logger)
            #expect(try await worker.processNext())
            let status = try #require(try await store.queue.uploadStatus(id: stored.id))
            #expect(status.state == .failed)
            #expect(status.error?.contains("test_other") == true)
            #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == 0)
        }
    }
}
