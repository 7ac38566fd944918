import Logging
import PostgresNIO

/// The PostgreSQL database `rota db copy` fills, read and written on the connection of its one
/// transaction: its tables and column types, whether they hold rows, and the counters of its
/// generated columns.
struct PostgresTarget {
    /// The table that records which schema changes were applied; the copy leaves it alone.
    static let migrationTable = "rota_migration"

    let connection: PostgresConnection
    let logger: Logger

    /// Every table of the database's schema with its columns' types, by table and column name.
    func columnTypes() async throws -> [String: [String: String]] {
        let rows = try await connection.query(
            """
            SELECT c.table_name::text, c.column_name::text, c.data_type::text
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            """, logger: logger)
        var tables: [String: [String: String]] = [:]
        for try await (table, column, type) in rows.decode((String, String, String).self) {
            tables[table, default: [:]][column] = type
        }
        return tables
    }

    /// Whether `table` holds at least one row.
    func holdsRows(_ table: String) async throws -> Bool {
        let rows = try await connection.query("SELECT EXISTS (SELECT 1 FROM \(unescaped: Self.quoted(table)))", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    /// How many rows `table` holds.
    func count(of table: String) async throws -> Int {
        let rows = try await connection.query("SELECT count(*) FROM \(unescaped: Self.quoted(table))", logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// The columns whose values a sequence generates (serial and identity columns), as
    /// (table, column).
    func generatedColumns() async throws -> [(table: String, column: String)] {
        let rows = try await connection.query(
            """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')
            """, logger: logger)
        var columns: [(table: String, column: String)] = []
        for try await (table, column) in rows.decode((String, String).self) { columns.append((table, column)) }
        return columns
    }

    /// Moves the sequence of `table`'s generated `column` past both the largest value copied
    /// and `atLeast`, so that the next row gets a number the copied rows do not hold.
    func advanceSequence(of table: String, column: String, atLeast: Int64) async throws {
        let quotedTable = Self.quoted(table)
        let quotedColumn = Self.quoted(column)
        try await connection.query(
            """
            SELECT setval(pg_get_serial_sequence(\(quotedTable), \(column)), greatest(max(\(unescaped: quotedColumn)), \(atLeast)))
            FROM \(unescaped: quotedTable) HAVING greatest(max(\(unescaped: quotedColumn)), \(atLeast)) > 0
            """, logger: logger)
    }

    /// `name` as a PostgreSQL identifier, quoted.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
