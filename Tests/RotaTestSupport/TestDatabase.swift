import Foundation
import GRDB

/// The SQLite file of a test's core, opened beside the core: to write rows the core cannot read,
/// to read what it stored, and to make its saves fail (and work again) as a full disk or a
/// broken database would.
public struct TestDatabase: Sendable {
    /// The database file.
    public let path: String

    /// The database of the core whose files are in `directory` (`TestCore.directory`).
    public init(directory: URL) {
        path = directory.appendingPathComponent("rota.db").path
    }

    /// Runs statements, one transaction.
    public func execute(_ sql: String, arguments: StatementArguments = []) throws {
        try open().write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// The first column of the first row a query answers, as text or bytes (nil when none).
    public func bytes(_ sql: String, arguments: StatementArguments = []) throws -> Data? {
        try open().read { db in try Data.fetchOne(db, sql: sql, arguments: arguments) }
    }

    /// From now on every insert, update and delete in the core's tables fails with `reason`, as
    /// on a full disk, until `allowWrites()`.
    public func refuseWrites(reason: String = "database or disk is full") throws {
        try open().write { db in
            for table in try Self.tables(db) {
                for operation in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(
                        sql: "CREATE TRIGGER \(Self.trigger(table, operation)) BEFORE \(operation) ON \(table) BEGIN SELECT RAISE(ABORT, '\(reason)'); END")
                }
            }
        }
    }

    /// Lets writes through again.
    public func allowWrites() throws {
        try open().write { db in
            for table in try Self.tables(db) {
                for operation in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: "DROP TRIGGER IF EXISTS \(Self.trigger(table, operation))")
                }
            }
        }
    }

    private func open() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The core's tables.
    private static func tables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
    }

    private static func trigger(_ table: String, _ operation: String) -> String {
        "test_refuse_\(operation.lowercased())_\(table)"
    }
}
