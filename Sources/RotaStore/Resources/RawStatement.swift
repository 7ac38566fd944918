import GRDB
import GRDBSQLite

/// A statement prepared on a GRDB connection and run through SQLite's C interface: for the
/// merge's inner loop, which runs a few statements a million times, where GRDB's per-execution
/// work (argument boxing and validation, observation hooks) costs more than SQLite's. It is
/// used only inside a transaction the caller holds, on the connection it was prepared on, and
/// it bypasses GRDB's transaction observers.
final class RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String

    /// The destructor argument that makes SQLite copy a bound string before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed database") }
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds the parameter at `index` (from 1); nil binds NULL.
    func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { utf8 in
            _ = utf8.withMemoryRebound(to: CChar.self) { text in
                sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), Self.transient)
            }
        }
    }

    func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ value: Double?, at index: Int32) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Runs the statement to its first row; true when there is one, which the column
    /// accessors then read. Call ``reset()`` before binding again.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// Runs a statement that returns no row, then resets it.
    func execute() throws {
        defer { reset() }
        _ = try step()
    }

    func reset() {
        sqlite3_reset(handle)
    }

    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func string(at column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: text)
    }
}
