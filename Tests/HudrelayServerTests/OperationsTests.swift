import Foundation
import HudrelayStore
import Testing

/// Health, metrics, the OpenAPI document and migrations.
@Suite("Operations", .serialized, .timeLimit(.minutes(10)))
struct OperationsTests {
    @Test("healthz, readyz, metrics and openapi.json answer")
    func endpoints() async throws {
        try await TestDatabase.withStore { store, _ in
            try await TestServer.with(store: store, workers: 0) { server in
                #expect(try await server.request(.GET, "/healthz").status == 200)
                #expect(try await server.request(.GET, "/readyz").status == 200)
                let metrics = try await server.request(.GET, "/metrics")
                #expect(metrics.status == 200)
                for name in [
                    "hudrelay_uploads_received_total", "hudrelay_upload_bytes_received_total",
                    "hudrelay_parse_failures_total", "hudrelay_queue_depth", "hudrelay_queue_oldest_age_seconds",
                    "hudrelay_processing_seconds", "hudrelay_flaky_share",
                ] {
                    #expect(metrics.body.contains(name), "\(name) missing")
                }
                let openapi = TestServer.json(try await server.request(.GET, "/openapi.json").body)
                #expect(openapi["openapi"] as? String == "3.1.0")
                let paths = try #require(openapi["paths"] as? [String: Any])
                #expect(paths["/api/v1/uploads"] != nil)
                // The served contract names this server's declared stages where an upload gives one.
                let upload = (paths["/api/v1/uploads"] as? [String: Any])?["post"] as? [String: Any]
                let stage = (upload?["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "stage" }
                #expect((stage?["schema"] as? [String: Any])?["enum"] as? [Int] == [0, 1, 2, 3, 4])
                let context = ((openapi["components"] as? [String: Any])?["schemas"] as? [String: Any])?["JobContext"]
                let property = ((context as? [String: Any])?["properties"] as? [String: Any])?["stage"]
                #expect(((property as? [String: Any])?["enum"] as? [Any])?.count == 6)
            }
        }
    }

    @Test("migrations apply once; an edited applied migration is an error")
    func migrations() async throws {
        try await TestDatabase.withStore(migrate: false) { store, _ in
            let first = try await store.migrator.migrate()
            #expect(first == Migration.all.map(\.name))
            #expect(try await store.migrator.migrate().isEmpty)
            #expect(try await store.migrator.pending().isEmpty)
            var edited = Migration.all
            edited[1].sql += "\n-- edited"
            let tampered = Migrator(client: store.client, logger: TestDatabase.logger, migrations: edited)
            await #expect(throws: StoreError.self) { try await tampered.migrate() }
        }
    }

    @Test("concurrent migrators apply each file exactly once")
    func concurrentMigrations() async throws {
        try await TestDatabase.withStore(migrate: false) { store, _ in
            try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 { group.addTask { try await store.migrator.migrate() } }
                var applied: [String] = []
                for try await names in group { applied += names }
                #expect(applied.sorted() == Migration.all.map(\.name).sorted())
            }
        }
    }

    @Test("the embedded schema is exactly schema/*.sql (run scripts/embed-schema after editing)")
    func embeddedSchemaMatchesFiles() throws {
        let dir = TestDatabase.repoRoot.appendingPathComponent("schema")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        #expect(names == Migration.all.map(\.name))
        for m in Migration.all {
            let text = try String(contentsOf: dir.appendingPathComponent(m.name), encoding: .utf8)
            #expect(text.trimmingCharacters(in: .newlines) == m.sql, "\(m.name) differs from the embedded copy")
        }
    }
}
