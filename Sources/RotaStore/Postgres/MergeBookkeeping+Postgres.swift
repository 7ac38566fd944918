import Logging
import PostgresNIO

extension MergeBookkeeping {
    /// Records `now` (seconds since 1970) as the time the snapshot (`cloud`, `account`) was
    /// merged, in PostgreSQL.
    static func recordMerged(cloud: String, account: String, now: Double, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO resource_snapshot (cloud, account, merged_at) VALUES (\(cloud), \(account), \(now))
            ON CONFLICT (cloud, account) DO UPDATE SET merged_at = excluded.merged_at
            """, logger: logger)
    }
}
