import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerSubscriberMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("subscribers-v1") { db in
            try db.execute(sql: "CREATE TABLE subscriber (id TEXT PRIMARY KEY NOT NULL, subscriptions BLOB NOT NULL)")
        }
    }

    /// Every subscriber that can be read; the others are set aside.
    public func subscribers() async throws -> [Subscriber] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT id, subscriptions FROM subscriber ORDER BY id") }
        let decoder = Self.makeDecoder()
        let decoded = ReadRecords(rows, kind: .subscriber, bytes: "subscriptions") { row in try Subscriber(storedRow: row, decoder: decoder) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    public func saveSubscriber(_ subscriber: Subscriber) async throws {
        let subscriptions = try Self.makeEncoder().encode(subscriber.subscriptions)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO subscriber (id, subscriptions) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET subscriptions = excluded.subscriptions",
                arguments: [subscriber.id, subscriptions])
        }
    }

    public func deleteSubscriber(_ id: SubscriberId) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM subscriber WHERE id = ?", arguments: [id])
        }
    }
}
