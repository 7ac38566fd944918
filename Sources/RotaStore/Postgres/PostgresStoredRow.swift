import Foundation
import PostgresNIO

/// A row PostgreSQL returned, read by column name like a SQLite row: a column that is null or
/// holds another type reads as nil, so a reader never traps on a bad row.
struct PostgresStoredRow: StoredRow, Sendable {
    private let cells: [String: PostgresCell]

    init(_ row: PostgresRow) {
        var cells: [String: PostgresCell] = [:]
        for cell in row { cells[cell.columnName] = cell }
        self.cells = cells
    }

    /// Every row `rows` returns.
    static func all(_ rows: PostgresRowSequence) async throws -> [PostgresStoredRow] {
        var all: [PostgresStoredRow] = []
        for try await row in rows { all.append(PostgresStoredRow(row)) }
        return all
    }

    func text(_ column: String) -> String? {
        guard let cell = cells[column], cell.bytes != nil, [.text, .varchar, .name, .bpchar].contains(cell.dataType) else { return nil }
        return try? cell.decode(String.self)
    }

    func bytes(_ column: String) -> Data? {
        guard let cell = cells[column], cell.bytes != nil else { return nil }
        return try? cell.decode(Data.self)
    }

    func integer(_ column: String) -> Int? {
        guard let cell = cells[column], cell.bytes != nil else { return nil }
        return try? cell.decode(Int.self)
    }

    func number(_ column: String) -> Double? {
        guard let cell = cells[column], cell.bytes != nil else { return nil }
        if let value = try? cell.decode(Double.self) { return value }
        return integer(column).map(Double.init)
    }

    func describe(_ column: String) -> String {
        if let text = text(column) { return text }
        guard let cell = cells[column], let bytes = cell.bytes else { return "NULL" }
        if let integer = integer(column) { return String(integer) }
        if let number = number(column) { return String(number) }
        return "\(bytes.readableBytes) bytes of \(cell.dataType)"
    }
}
