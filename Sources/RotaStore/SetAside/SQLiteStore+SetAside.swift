import Foundation
import GRDB

extension SQLiteStore {
    static func registerSetAsideMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("set-aside-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE set_aside_record (
                        kind TEXT NOT NULL, id TEXT NOT NULL, reason TEXT NOT NULL, since REAL NOT NULL, record BLOB,
                        PRIMARY KEY (kind, id))
                    """)
        }
    }

    public func setAsideRecords() async throws -> [SetAsideRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, id, reason, since FROM set_aside_record ORDER BY since, kind, id").compactMap(SetAsideRecord.init(storedRow:))
        }
    }

    public func forgetSetAside(_ kind: SetAsideRecord.Kind, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM set_aside_record WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            return db.changesCount > 0
        }
    }

    /// Notes rows a reader could not read: each is listed from now on with its reason and a
    /// copy of its bytes, and reported once, when first found. A record found again keeps the
    /// time it was first found and its first copy. Noting is best effort: a reader answers with
    /// the readable records even when the database takes no writes (the rows are then reported
    /// again the next time they are met).
    func setAside(_ rows: [UnreadableRow]) async {
        guard !rows.isEmpty else { return }
        let now = Date()
        let found: [UnreadableRow]
        do {
            found = try await pool.write { db in
                var found: [UnreadableRow] = []
                for row in rows {
                    let known = try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM set_aside_record WHERE kind = ? AND id = ?", arguments: [row.kind.rawValue, row.id]) ?? false
                    if known {
                        try db.execute(
                            sql: "UPDATE set_aside_record SET reason = ? WHERE kind = ? AND id = ?", arguments: [row.reason, row.kind.rawValue, row.id])
                    } else {
                        try db.execute(
                            sql: "INSERT INTO set_aside_record (kind, id, reason, since, record) VALUES (?, ?, ?, ?, ?)",
                            arguments: [row.kind.rawValue, row.id, row.reason, now.timeIntervalSince1970, row.bytes])
                        found.append(row)
                    }
                }
                return found
            }
        } catch {
            found = rows
        }
        for row in found { reportSetAside(SetAsideRecord(kind: row.kind, id: row.id, reason: row.reason, since: now)) }
    }
}
