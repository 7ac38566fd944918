import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerSubscriberMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("subscribers-v1") { db in
            try db.execute(sql: "CREATE TABLE subscriber (id TEXT PRIMARY KEY NOT NULL, subscriptions BLOB NOT NULL)")
        }
    }

    public func subscribers() async throws -> [Subscriber] {
        try await pool.read { db in
            let decoder = Self.makeDecoder()
            return try Row.fetchAll(db, sql: "SELECT id, subscriptions FROM subscriber ORDER BY id").map { row in
                let subscriptions = try decoder.decode([String: Subscription].self, from: row["subscriptions"] as Data)
                return Subscriber(id: row["id"], subscriptions: subscriptions)
            }
        }
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
