import Foundation
import PostgresNIO
import RotaModel

extension PostgresStore: ConfigStore {
    /// The `config` table, as in SQLite, and the test `configIds` lists by: whether a text is a
    /// JSON object (false, rather than an error, when it is not JSON at all).
    static let configMigrations = [
        PostgresMigration(
            "configs-v1",
            [
                #"CREATE TABLE config (id TEXT COLLATE "C" PRIMARY KEY NOT NULL, config TEXT NOT NULL, revision TEXT NOT NULL)"#,
                """
                CREATE FUNCTION rota_is_json_object(value TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
                BEGIN
                    RETURN json_typeof(value::json) = 'object';
                EXCEPTION WHEN data_exception THEN
                    RETURN false;
                END
                $$
                """,
            ])
    ]

    /// The ids of rows that hold a JSON object; the others are set aside when they are read.
    public func configIds() async throws -> [String] {
        try await rows("SELECT id FROM config WHERE rota_is_json_object(config) ORDER BY id").compactMap { $0.text("id") }
    }

    public func config(_ id: String) async throws -> StoredConfig? {
        guard let row = try await rows("SELECT id, config, revision FROM config WHERE id = \(id)").first else { return nil }
        do {
            return try StoredConfig(storedRow: row)
        } catch {
            await setAside([UnreadableRow(kind: .config, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes("config"))])
            return nil
        }
    }

    /// Stores `config` under `id`; saves of configurations wait for each other, so that two new
    /// ones never both pass the limit.
    public func saveConfig(_ id: String, _ config: [String: JSONValue], limit: Int) async throws -> ConfigSave {
        let text = JSONValue.object(config).jsonText
        let stored = StoredConfig(id: id, config: config, revision: StoredConfig.revision(of: text))
        return try await write { connection in
            try await connection.query("LOCK TABLE config IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var previous: String?? = nil
            for try await revision in try await connection.query("SELECT revision FROM config WHERE id = \(id)", logger: logger).decode(String?.self) {
                previous = .some(revision)
            }
            if previous == nil {
                let count = try await count("SELECT COUNT(*) FROM config", on: connection)
                guard count < limit else { throw ConfigLimitReached(limit: limit) }
            }
            let previousRevision = previous ?? nil
            if previousRevision != stored.revision {
                try await connection.query(
                    """
                    INSERT INTO config (id, config, revision) VALUES (\(id), \(text), \(stored.revision))
                    ON CONFLICT (id) DO UPDATE SET config = excluded.config, revision = excluded.revision
                    """, logger: logger)
            }
            return ConfigSave(stored: stored, previousRevision: previousRevision)
        }
    }

    public func deleteConfig(_ id: String) async throws -> Bool {
        try await write { connection in
            try await count("WITH removed AS (DELETE FROM config WHERE id = \(id) RETURNING 1) SELECT COUNT(*) FROM removed", on: connection) > 0
        }
    }
}
