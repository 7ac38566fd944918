import Foundation
import GRDB
import PostgresNIO
@testable import RotaStore
import RotaTestSupport

/// Runs `sql` straight on a store's database, past every check of the store: the rows an older
/// or damaged Rota may have left, for tests of what readers do with them. The same statement
/// runs on both stores.
func executeRaw(_ sql: String, on store: any Sendable) async throws {
    switch store {
    case let sqlite as SQLiteStore:
        try await sqlite.pool.write { db in try db.execute(sql: sql) }
    case let postgres as PostgresStore:
        try await postgres.write { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: postgres.logger)
        }
    default:
        throw TestFailure("no raw access to a \(type(of: store))")
    }
}

/// Every concern of a store but resources and graphs: what the record suites run on.
typealias RecordStore = SubscriberStore & TaskStore & DefinitionStore & SetAsideStore & AuditStore & ConfigStore
