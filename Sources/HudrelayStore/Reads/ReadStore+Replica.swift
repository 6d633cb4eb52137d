import PostgresNIO

extension ReadStore {
    /// How far the replica that serves reads is behind the primary, in seconds: 0 when it has
    /// replayed everything it received (or is not a standby at all); `nil` when the store reads
    /// from the primary. Throws when the replica does not answer.
    ///
    /// A standby that received WAL it has not replayed yet is behind by the age of the last
    /// transaction it replayed.
    public func replicaLag() async throws -> Double? {
        guard let replica = store.readClient else { return nil }
        let rows = try await replica.query(
            """
            SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
            """, logger: logger)
        for try await lag in rows.decode(Double.self) { return max(0, lag) }
        return 0
    }
}
