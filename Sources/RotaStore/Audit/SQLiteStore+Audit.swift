import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerAuditMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("audit-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_entry (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, kind TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
                        caller_address TEXT, caller TEXT NOT NULL, change TEXT NOT NULL);
                    CREATE INDEX audit_entry_by_time ON audit_entry (at);
                    CREATE INDEX audit_entry_by_kind ON audit_entry (kind, id);
                    """)
        }
    }

    /// The most audit entries kept, whatever their age: a caller that makes changes without end
    /// cannot fill the disk before the history's retention removes them.
    public static let auditEntryLimit = 1_000_000
    /// How many entries are recorded between two removals of those beyond `auditEntryLimit`.
    static let auditTrimInterval: Int64 = 1024

    @discardableResult
    public func recordAudit(_ record: AuditRecord) async throws -> AuditEntry {
        try await recordAudit(record, keeping: Self.auditEntryLimit, trimEvery: Self.auditTrimInterval)
    }

    /// Appends a change; every `trimEvery` entries, removes those recorded before the newest `limit`.
    func recordAudit(_ record: AuditRecord, keeping limit: Int, trimEvery interval: Int64) async throws -> AuditEntry {
        let change = JSONValue.object(record.change).jsonText
        let id = try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO audit_entry (at, kind, action, target, caller_address, caller, change) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    record.at.timeIntervalSince1970, record.kind.rawValue, record.action.rawValue, record.target, record.caller.address,
                    record.caller.identity, change,
                ])
            let id = db.lastInsertedRowID
            if id % interval == 0 {
                try db.execute(sql: "DELETE FROM audit_entry WHERE id <= ?", arguments: [id - Int64(limit)])
            }
            return id
        }
        return AuditEntry(id: id, record: record)
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let kind = query.kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let since = query.since {
            conditions.append("at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let until = query.until {
            conditions.append("at < ?")
            arguments += [until.timeIntervalSince1970]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [min(max(1, query.limit), AuditQuery.maximumLimit)]
        let sql = "SELECT id, at, kind, action, target, caller_address, caller, change FROM audit_entry \(filter) ORDER BY id DESC LIMIT ?"
        let rows = try await pool.read { [arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        let decoded = ReadRecords(rows, kind: .audit, bytes: "change") { row in try AuditEntry(storedRow: row) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    @discardableResult
    public func pruneAudit(before date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM audit_entry WHERE at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
