import GRDB
import Logging
import PostgresNIO
import RotaStore

/// Copies every table of a SQLite core's database into an empty PostgreSQL database of the same
/// schema, in one transaction: table by table, column by column (each column matched by name,
/// each value converted for the PostgreSQL column's type), in batches through `COPY`; then
/// moves the generated columns' sequences past the copied numbers and counts the rows of each
/// table on both sides. Nothing is committed unless every table arrived whole.
struct DatabaseCopy: Sendable {
    /// Rows read from SQLite and sent to PostgreSQL at a time.
    static let batchSize = 1000

    /// One table's rows on both sides once copied.
    struct TableCount: Sendable {
        let table: String
        let sqlite: Int
        let postgres: Int
    }

    /// The counts did not match: nothing was committed.
    struct CountMismatch: Error {
        let counts: [TableCount]
    }

    /// A SQLite table and the PostgreSQL columns its columns are copied into.
    private struct TablePlan: Sendable {
        let table: SQLiteSource.Table
        let types: [CopyColumnType]
        let postgresTypes: [String]
    }

    let source: SQLiteSource
    let console: Console
    let logger: Logger

    /// Copies into `store`; returns the counts of every table copied. Throws
    /// `DatabaseCopyError` when a table or column of the SQLite file has no PostgreSQL twin or
    /// when the database already holds rows, and `CountMismatch` when a count differs.
    func run(into store: PostgresStore) async throws -> [TableCount] {
        let tables = try source.tables()
        let counters = try source.autoincrementCounters()
        return try await store.withTransaction { connection in
            let target = PostgresTarget(connection: connection, logger: logger)
            let columnTypes = try await target.columnTypes()
            let plans = try Self.plans(for: tables, columnTypes: columnTypes)
            for table in columnTypes.keys.sorted() where table != PostgresTarget.migrationTable {
                if try await target.holdsRows(table) {
                    throw DatabaseCopyError(
                        "\(store.url) is not empty: table \(table) holds rows; copy into a new database, which `rota db copy` migrates itself")
                }
            }
            for plan in plans {
                try await copy(plan, with: target)
            }
            let copied = Set(tables.map(\.name))
            for generated in try await target.generatedColumns() where copied.contains(generated.table) {
                try await target.advanceSequence(of: generated.table, column: generated.column, atLeast: counters[generated.table] ?? 0)
            }
            var counts: [TableCount] = []
            for table in tables {
                counts.append(TableCount(table: table.name, sqlite: try source.count(of: table.name), postgres: try await target.count(of: table.name)))
            }
            guard counts.allSatisfy({ $0.sqlite == $0.postgres }) else { throw CountMismatch(counts: counts) }
            return counts
        }
    }

    /// Matches every SQLite table and column with its PostgreSQL twin; throws naming the first
    /// table or column that has none, or whose PostgreSQL type the copy cannot fill.
    private static func plans(for tables: [SQLiteSource.Table], columnTypes: [String: [String: String]]) throws -> [TablePlan] {
        let missing = tables.map(\.name).filter { columnTypes[$0] == nil }
        guard missing.isEmpty else {
            throw DatabaseCopyError(
                "the PostgreSQL database has no table \(missing.joined(separator: ", ")); the SQLite file's schema is not the one this Rota migrates PostgreSQL to")
        }
        return try tables.map { table in
            let twin = columnTypes[table.name] ?? [:]
            let postgresTypes = try table.columns.map { column in
                guard let type = twin[column] else {
                    throw DatabaseCopyError("the PostgreSQL table \(table.name) has no column \(column); the two schemas differ")
                }
                return type
            }
            let types = try zip(table.columns, postgresTypes).map { column, type in
                guard let kind = CopyColumnType(dataType: type) else {
                    throw DatabaseCopyError("the PostgreSQL column \(table.name).\(column) is of type \(type), which a copy cannot fill")
                }
                return kind
            }
            return TablePlan(table: table, types: types, postgresTypes: postgresTypes)
        }
    }

    /// Copies one table in batches, telling its progress.
    private func copy(_ plan: TablePlan, with target: PostgresTarget) async throws {
        var progress = CopyProgress(table: plan.table.name, console: console)
        var copied = 0
        try await target.connection.copyFrom(table: plan.table.name, columns: plan.table.columns, logger: logger) { writer in
            var after: [DatabaseValue]? = nil
            repeat {
                let batch = try source.batch(of: plan.table, after: after, limit: Self.batchSize)
                var data: [UInt8] = []
                for (offset, row) in batch.rows.enumerated() {
                    try encode(row, of: plan, rowNumber: copied + offset + 1, into: &data)
                }
                if !data.isEmpty { try await writer.write(ByteBuffer(bytes: data)) }
                copied += batch.rows.count
                progress.copied(copied)
                after = batch.next
            } while after != nil
        }
        progress.finished(copied)
    }

    /// Appends one row as a line of COPY's text format.
    private func encode(_ row: [DatabaseValue], of plan: TablePlan, rowNumber: Int, into data: inout [UInt8]) throws {
        for (index, value) in row.enumerated() {
            if index > 0 { data.append(UInt8(ascii: "\t")) }
            do {
                try plan.types[index].append(value, to: &data)
            } catch {
                throw DatabaseCopyError(
                    "row \(rowNumber) of \(plan.table.name) holds \(error.value) in column \(plan.table.columns[index]), which the PostgreSQL column (\(plan.postgresTypes[index])) cannot hold")
            }
        }
        data.append(UInt8(ascii: "\n"))
    }
}
