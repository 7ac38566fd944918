import Foundation
import PostgresNIO

extension PostgresStore: SetAsideStore {
    /// The `set_aside_record` table, as in SQLite.
    static let setAsideMigrations = [
        PostgresMigration(
            "set-aside-v1",
            [
                """
                CREATE TABLE set_aside_record (
                    kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, reason TEXT NOT NULL, since DOUBLE PRECISION NOT NULL,
                    record BYTEA, PRIMARY KEY (kind, id))
                """
            ])
    ]

    public func setAsideRecords() async throws -> [SetAsideRecord] {
        let rows = try await read { connection in
            try await PostgresStoredRow.all(
                try await connection.query("SELECT kind, id, reason, since FROM set_aside_record ORDER BY since, kind, id", logger: logger))
        }
        return rows.compactMap(SetAsideRecord.init(storedRow:))
    }

    public func forgetSetAside(_ kind: SetAsideRecord.Kind, id: String) async throws -> Bool {
        try await write { connection in
            let rows = try await connection.query("DELETE FROM set_aside_record WHERE kind = \(kind.rawValue) AND id = \(id) RETURNING 1", logger: logger)
            for try await _ in rows { return true }
            return false
        }
    }

    /// Notes rows a reader could not read: each is listed from now on with its reason and a
    /// copy of its bytes, and reported once, when first found. A record found again keeps the
    /// time it was first found and its first copy. Noting is best effort: a reader answers with
    /// the readable records even when the database takes no writes (a standby's lease check
    /// fails, say; the rows are then reported again the next time they are met).
    func setAside(_ rows: [UnreadableRow]) async {
        guard !rows.isEmpty else { return }
        let now = Date()
        let found: [UnreadableRow]
        do {
            found = try await write { connection in
                var found: [UnreadableRow] = []
                for row in rows {
                    let inserted = try await connection.query(
                        """
                        INSERT INTO set_aside_record (kind, id, reason, since, record)
                        VALUES (\(row.kind.rawValue), \(row.id), \(row.reason), \(now.timeIntervalSince1970), \(row.bytes))
                        ON CONFLICT (kind, id) DO NOTHING RETURNING 1
                        """, logger: logger)
                    var isNew = false
                    for try await _ in inserted { isNew = true }
                    if isNew {
                        found.append(row)
                    } else {
                        try await connection.query(
                            "UPDATE set_aside_record SET reason = \(row.reason) WHERE kind = \(row.kind.rawValue) AND id = \(row.id)", logger: logger)
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
