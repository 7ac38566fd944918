import Foundation
import GRDB

/// A row of either store as its readers see it: columns by name, each read as the type a record
/// needs or nil when it holds something else, so that one function turns a row into its record
/// for SQLite and PostgreSQL alike.
protocol StoredRow {
    /// The column's text, nil when it holds something else.
    func text(_ column: String) -> String?
    /// The column's bytes, nil when it is null.
    func bytes(_ column: String) -> Data?
    /// The column's whole number, nil when it holds something else.
    func integer(_ column: String) -> Int?
    /// The column's number, nil when it holds something else.
    func number(_ column: String) -> Double?
    /// The column as it reads in a message: its text, or a description of what it holds.
    func describe(_ column: String) -> String
}

extension Row: StoredRow {}

/// The records a reader could read from its rows, and the rows it could not, to set aside.
struct ReadRecords<Record> {
    var records: [Record] = []
    var unreadable: [UnreadableRow] = []

    /// Reads each of `rows` with `decode`; a row that throws is kept as unreadable of `kind`,
    /// under the text of its `idColumn`, with a copy of its `bytesColumn` and the reason
    /// `reason` gives for the error.
    init<R: StoredRow>(
        _ rows: [R], kind: SetAsideRecord.Kind, id idColumn: String = "id", bytes bytesColumn: String,
        reason: (any Error) -> String = UnreadableRow.reason, _ decode: (R) throws -> Record
    ) {
        for row in rows {
            do {
                records.append(try decode(row))
            } catch {
                unreadable.append(UnreadableRow(kind: kind, id: row.describe(idColumn), reason: reason(error), bytes: row.bytes(bytesColumn)))
            }
        }
    }
}
