import Logging
import PostgresNIO

/// One schema change of the PostgreSQL store: statements applied once per database, in order,
/// recorded by name in `rota_migration`.
struct PostgresMigration: Sendable {
    let name: String
    let statements: [String]

    init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }

    /// The advisory lock that makes cores starting together migrate one after the other: the
    /// second finds the changes recorded and applies none.
    static let lockKey: Int64 = 0x526f_7461_4d69_67  // "RotaMig"

    /// Applies the changes of `migrations` not yet recorded, in one transaction under the
    /// migration lock; returns the names it applied.
    @discardableResult
    static func apply(_ migrations: [PostgresMigration], on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await PostgresTransaction.run(on: connection, logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS rota_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())",
                logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM rota_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            var names: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO rota_migration (name) VALUES (\(migration.name))", logger: logger)
                names.append(migration.name)
            }
            return names
        }
    }
}
