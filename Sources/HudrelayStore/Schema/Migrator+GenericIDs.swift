import HudrelayJUnit
import PostgresNIO

extension Migrator {
    /// Gives the tests stored before migration 0007 their generic id (docs/junit.md, rule 13), by
    /// the parser's own rule, in batches of 5,000; a no-op (one index probe) once every test has one.
    /// Their stored file is read as a path to normalize; the `op` tags of their reports are not
    /// looked at, so an old OpInfo test keeps its op in the generic method.
    /// - Returns: How many tests were filled in.
    @discardableResult
    public func fillGenericIDs(paths: TestPathRules = TestPathRules()) async throws -> Int {
        // A migrator of an older list of migrations (an upgrade under test) has no such column yet.
        let column = try await client.query(
            """
            SELECT count(*)::int8 FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'tests' AND column_name = 'generic_id'
            """, logger: logger)
        for try await n in column.decode(Int.self) where n == 0 { return 0 }
        var filled = 0
        while true {
            let rows = try await client.query(
                "SELECT id, file, classname, name FROM tests WHERE generic_id IS NULL LIMIT 5000", logger: logger)
            var ids: [Int64] = []
            var generic: [String] = []
            for try await (id, file, classname, name) in rows.decode((Int64, String, String, String).self) {
                ids.append(id)
                generic.append(
                    GenericTestID(path: file.isEmpty ? nil : paths.normalize(file), classname: classname, name: name).id
                )
            }
            guard !ids.isEmpty else { return filled }
            try await client.query(
                """
                UPDATE tests t SET generic_id = g.generic_id
                FROM unnest(\(ids)::int8[], \(generic)::text[]) AS g(id, generic_id) WHERE t.id = g.id
                """, logger: logger)
            filled += ids.count
        }
    }
}
