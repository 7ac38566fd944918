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
        var subscribers: [Subscriber] = []
        var unreadable: [UnreadableRow] = []
        for row in rows {
            do {
                guard let id = row.text("id") else { throw UnreadableColumn(name: "id") }
                guard let data = row.bytes("subscriptions") else { throw UnreadableColumn(name: "subscriptions") }
                subscribers.append(Subscriber(id: id, subscriptions: try decoder.decode([String: Subscription].self, from: data)))
            } catch {
                unreadable.append(
                    UnreadableRow(kind: .subscriber, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes("subscriptions")))
            }
        }
        await setAside(unreadable)
        return subscribers
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
