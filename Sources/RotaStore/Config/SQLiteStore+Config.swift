import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerConfigMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("configs-v1") { db in
            try db.execute(sql: "CREATE TABLE config (id TEXT PRIMARY KEY NOT NULL, config TEXT NOT NULL, revision TEXT NOT NULL)")
        }
    }

    /// The ids of rows that hold a JSON object; the others are set aside when they are read.
    public func configIds() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM config WHERE CASE WHEN json_valid(config) THEN json_type(config) END = 'object' ORDER BY id")
        }
    }

    public func config(_ id: String) async throws -> StoredConfig? {
        guard let row = try await pool.read({ db in try Row.fetchOne(db, sql: "SELECT id, config, revision FROM config WHERE id = ?", arguments: [id]) })
        else { return nil }
        do {
            return try StoredConfig(storedRow: row)
        } catch {
            await setAside([UnreadableRow(kind: .config, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes("config"))])
            return nil
        }
    }

    public func saveConfig(_ id: String, _ config: [String: JSONValue], limit: Int) async throws -> ConfigSave {
        let text = JSONValue.object(config).jsonText
        let stored = StoredConfig(id: id, config: config, revision: StoredConfig.revision(of: text))
        return try await pool.write { db in
            let previous = try Row.fetchOne(db, sql: "SELECT revision FROM config WHERE id = ?", arguments: [id])
            if previous == nil {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM config") ?? 0
                guard count < limit else { throw ConfigLimitReached(limit: limit) }
            }
            let previousRevision = previous?.text("revision")
            if previousRevision != stored.revision {
                try db.execute(
                    sql: """
                        INSERT INTO config (id, config, revision) VALUES (?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET config = excluded.config, revision = excluded.revision
                        """,
                    arguments: [id, text, stored.revision])
            }
            return ConfigSave(stored: stored, previousRevision: previousRevision)
        }
    }

    public func deleteConfig(_ id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM config WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
