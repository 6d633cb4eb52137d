import Crypto
import Foundation
import HudrelayHUD
import HudrelayJUnit
import HudrelayServer
import HudrelayStore
import Testing

/// Raw reports in the report archive (a folder or a moto bucket), not in PostgreSQL: written
/// before 202, read by the workers, streamed back, moved out of old databases, expired by
/// retention.
@Suite("Report archive", .serialized, .timeLimit(.minutes(10)))
struct ArchiveTests {
    static var report: [UInt8] {
        let file = IngestTests.fixtures.appendingPathComponent("pytest/xunit2-reruns.xml")
        return FileManager.default.contents(atPath: file.path).map(Array.init) ?? []
    }

    /// A new empty folder for an archive.
    static func folder() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func key(_ bytes: [UInt8]) -> String { ReportArchive.key(sha256: Array(SHA256.hash(data: bytes))) }

    static func gunzip(_ gzip: [UInt8]) throws -> [UInt8] {
        var plain: [UInt8] = []
        try gzip.withUnsafeBytes { buf in try GzipInflater().feed(buf) { plain += $0 } }
        return plain
    }

    static func upload(
        _ server: TestServer, _ token: String, sha: String = "abc123", _ body: [UInt8] = report
    )
        async throws -> (status: Int, id: String?, body: String)
    {
        let query = IngestTests.query.replacingOccurrences(of: "sha=abc123", with: "sha=\(sha)")
        let r = try await server.request(
            .POST, "/api/v1/uploads?" + query, body: body, headers: [("Authorization", "Bearer \(token)")])
        return (r.status, TestServer.json(r.body)["id"] as? String, r.body)
    }

    @Test(
        "an upload's report is a verified file under its content key, not a row's bytes; it parses and downloads whole")
    func directoryArchive() async throws {
        let dir = Self.folder()
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.worker.archive = .directory(dir) }) { server in
                let up = try await Self.upload(server, token)
                #expect(up.status == 202, "\(up.body)")
                let id = try #require(up.id)
                let file = dir.appendingPathComponent(Self.key(Self.report))
                let stored = try #require(FileManager.default.contents(atPath: file.path))
                #expect(try Self.gunzip(Array(stored)) == Self.report)
                let row = "FROM uploads WHERE id = '\(id)'"
                #expect(
                    try await TestDatabase.scalar(store, "SELECT count(*)::int8 \(row) AND content_gzip IS NULL") == 1)
                #expect(try await TestDatabase.scalar(store, "SELECT stored_bytes::int8 \(row)") == stored.count)
                #expect((try await server.waitForUpload(id))["state"] as? String == "done")
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") > 0)
                let raw = try await server.download("/api/v1/uploads/\(id)/raw")
                #expect(raw.status == 200)
                #expect(raw.bytes == Array(stored))
                // The same report from another job is the same object.
                let again = try await Self.upload(server, token, sha: "def456")
                #expect(again.status == 202)
                let keys = try await TestDatabase.scalar(store, "SELECT count(DISTINCT content_key)::int8 FROM uploads")
                #expect(keys == 1)
            }
        }
    }

    @Test("with reports.s3 the report is an object in the bucket (moto), and the worker reads it from there")
    func s3Archive() async throws {
        let moto = Moto.shared
        let bucket = try await moto.newBucket()
        guard case .s3(let sink) = moto.sink(bucket: bucket) else { Issue.record("not an S3 sink"); return }
        let archive = ReportArchive.s3(sink, prefix: "raw/")
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.worker.archive = archive }) { server in
                let up = try await Self.upload(server, token)
                #expect(up.status == 202, "\(up.body)")
                let id = try #require(up.id)
                let object = try #require(try await sink.get(key: "raw/" + Self.key(Self.report), limit: 1 << 26))
                #expect(try Self.gunzip(object) == Self.report)
                #expect((try await server.waitForUpload(id))["state"] as? String == "done")
                let raw = try await server.download("/api/v1/uploads/\(id)/raw")
                #expect(raw.status == 200)
                #expect(raw.bytes == object)
            }
        }
    }

    @Test("a report the database still holds (before 0010) is moved to the archive and stays downloadable")
    func legacyReportsMove() async throws {
        let dir = Self.folder()
        try await TestDatabase.withStore { store, url in
            let gzip = try GzipDeflater.compress(Self.report)
            let stored = try await store.queue.storeUpload(
                context: JobContext(repo: "a/b", sha: "old"), filename: "old.xml", content: .inline(gzip),
                sha256: Array(SHA256.hash(data: Self.report)), size: Int64(Self.report.count),
                publishing: PublishSettings())
            // What an operator runs after upgrading: `hudrelay migrate`, with the archive's folder.
            let migrate = try await CLIRun.run(
                ["migrate", "--database-url", url.description], environment: ["HUDRELAY_REPORTS_DIR": dir.path])
            #expect(migrate.status == 0, "\(migrate.stderr.suffix(500))")
            #expect(migrate.stdout.contains("moved 1 reports into \(dir.absoluteString)"), "\(migrate.stdout)")
            #expect(try await store.queue.inlineReportCount() == 0)
            let mover = ReportMaintenanceService(
                store: store, archive: .directory(dir), retentionDays: nil, logger: TestDatabase.logger)
            #expect(try await mover.moveAll() == 0)
            let file = dir.appendingPathComponent(Self.key(Self.report))
            #expect(FileManager.default.contents(atPath: file.path).map(Array.init) == gzip)
            try await TestServer.with(store: store, configure: { $0.worker.archive = .directory(dir) }) { server in
                let id = stored.id.uuidString.lowercased()
                #expect((try await server.waitForUpload(id))["state"] as? String == "done")
                let raw = try await server.download("/api/v1/uploads/\(id)/raw")
                #expect(raw.status == 200)
                #expect(raw.bytes == gzip)
            }
        }
    }

    @Test(
        "an archive that cannot be written answers 503 archive_unavailable and stores nothing; once back, the retry lands"
    )
    func archiveDown() async throws {
        let parent = Self.folder()
        let dir = parent.appendingPathComponent("reports")
        // A file where the folder should be: every write fails, as on a full or unmounted disk.
        try Data("not a folder".utf8).write(to: dir)
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.worker.archive = .directory(dir) }) { server in
                let down = try await Self.upload(server, token)
                #expect(down.status == 503)
                let problem = TestServer.json(down.body)
                #expect(problem["code"] as? String == "archive_unavailable")
                #expect((problem["detail"] as? String ?? "").contains(dir.path))
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM uploads") == 0)
                try FileManager.default.removeItem(at: dir)
                let back = try await Self.upload(server, token)
                #expect(back.status == 202, "\(back.body)")
                let id = try #require(back.id)
                #expect((try await server.waitForUpload(id))["state"] as? String == "done")
            }
        }
    }

    @Test(
        "retention removes old raw reports (410 report_expired), keeps an object a newer upload shares, keeps results")
    func retention() async throws {
        let dir = Self.folder()
        try await TestDatabase.withStore { store, _ in
            let token = try await IngestTests.token(store)
            try await TestServer.with(store: store, configure: { $0.worker.archive = .directory(dir) }) { server in
                let old = try #require(try await Self.upload(server, token, sha: "old1").id)
                let new = try #require(try await Self.upload(server, token, sha: "new1").id)
                for id in [old, new] { _ = try await server.waitForUpload(id) }
                let results = try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results")
                let backdate = { (id: String, days: Int) in
                    _ = try await TestDatabase.scalar(
                        store,
                        "WITH u AS (UPDATE uploads SET received_at = now() - interval '\(days) days' "
                            + "WHERE id = '\(id)' RETURNING 1) SELECT count(*)::int8 FROM u")
                }
                try await backdate(old, 40)
                let maintenance = ReportMaintenanceService(
                    store: store, archive: .directory(dir), retentionDays: 30, logger: TestDatabase.logger)
                let cutoff = Date().addingTimeInterval(-30 * 86_400)
                #expect(try await maintenance.expire(before: cutoff) == 1)
                let file = dir.appendingPathComponent(Self.key(Self.report)).path
                #expect(FileManager.default.fileExists(atPath: file), "the newer upload still refers to it")
                let gone = try await server.request(.GET, "/api/v1/uploads/\(old)/raw")
                #expect(gone.status == 410)
                #expect(TestServer.json(gone.body)["code"] as? String == "report_expired")
                #expect(try await server.download("/api/v1/uploads/\(new)/raw").status == 200)
                let job = try await TestDatabase.scalar(store, "SELECT job_id FROM uploads WHERE id = '\(old)'")
                let page = try await server.request(.GET, "/jobs/\(job)")
                #expect(page.status == 200)
                #expect(page.body.contains("past retention, removed"))
                #expect(!page.body.contains("/api/v1/uploads/\(old)/raw"))
                try await backdate(new, 35)
                #expect(try await maintenance.expire(before: cutoff) == 1)
                #expect(!FileManager.default.fileExists(atPath: file))
                #expect(try await server.request(.GET, "/api/v1/uploads/\(new)/raw").status == 410)
                #expect(try await TestDatabase.scalar(store, "SELECT count(*)::int8 FROM results") == results)
                #expect(try await maintenance.expire(before: cutoff) == 0)
            }
        }
    }
}
