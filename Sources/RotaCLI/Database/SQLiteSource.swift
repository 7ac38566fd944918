import Foundation
import GRDB

/// The SQLite file of a core, opened read-only, as `rota db copy` reads it: its tables (leaving
/// out SQLite's and GRDB's own, such as the migration records), each read in batches in the
/// order of its primary key.
struct SQLiteSource: Sendable {
    /// One table: its columns, in order, and the columns of its primary key (`rowid` when it has
    /// none of its own).
    struct Table: Sendable {
        let name: String
        let columns: [String]
        let key: [String]
    }

    /// A batch of rows and where the next batch starts (nil after the last).
    struct Batch: Sendable {
        let rows: [[DatabaseValue]]
        let next: [DatabaseValue]?
    }

    let path: String
    private let queue: DatabaseQueue

    /// Opens the file at `path` read-only; throws `DatabaseCopyError` when there is no file there
    /// or it is not a Rota database.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DatabaseCopyError("there is no SQLite database at \(path); give the file of a core's database with --from, e.g. .rota/rota.db")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            guard try queue.read({ db in try db.tableExists("grdb_migrations") }) else {
                throw DatabaseCopyError("\(path) is not the database of a Rota core: it has no record of Rota's schema")
            }
        } catch let error as DatabaseError {
            throw DatabaseCopyError("cannot read \(path) as a SQLite database: \(error.message ?? "\(error)")")
        }
        self.path = path
        self.queue = queue
    }

    /// Every table of the core, by name.
    func tables() throws -> [Table] {
        try queue.read { db in
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'grdb\\_%' ESCAPE '\\'
                    ORDER BY name
                    """)
            return try names.map { name in
                Table(name: name, columns: try db.columns(in: name).map(\.name), key: try db.primaryKey(name).columns)
            }
        }
    }

    /// Up to `limit` rows of `table` (its columns, in order), from the one after `after` in key
    /// order (from the first when nil).
    func batch(of table: Table, after: [DatabaseValue]?, limit: Int) throws -> Batch {
        let selected = (table.key + table.columns).map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let key = table.key.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        var sql = "SELECT \(selected) FROM \(table.name.quotedDatabaseIdentifier)"
        if let after {
            sql += " WHERE (\(key)) > (\(Array(repeating: "?", count: after.count).joined(separator: ", ")))"
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(after ?? [])).map { row in
                (0..<row.count).map { row[$0] as DatabaseValue }
            }
        }
        let keyCount = table.key.count
        return Batch(
            rows: rows.map { Array($0.dropFirst(keyCount)) },
            next: rows.count < limit ? nil : rows.last.map { Array($0.prefix(keyCount)) })
    }

    /// How many rows `table` holds.
    func count(of table: String) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
    }

    /// The last number each AUTOINCREMENT table handed out, by table: its successor must not
    /// hand out a number again, even one whose row was deleted.
    func autoincrementCounters() throws -> [String: Int64] {
        try queue.read { db in
            guard try db.tableExists("sqlite_sequence") else { return [:] }
            var counters: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
                counters[row["name"]] = row["seq"]
            }
            return counters
        }
    }
}
