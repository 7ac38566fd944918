import Foundation
import PostgresNIO
import RotaModel

extension PostgresStore: SubscriberStore {
    /// The `subscriber` table, as in SQLite; ids order bytewise, as SQLite orders them.
    static let subscriberMigrations = [
        PostgresMigration("subscribers-v1", [#"CREATE TABLE subscriber (id TEXT COLLATE "C" PRIMARY KEY NOT NULL, subscriptions BYTEA NOT NULL)"#])
    ]

    /// Every subscriber that can be read; the others are set aside.
    public func subscribers() async throws -> [Subscriber] {
        let rows = try await read { connection in
            try await PostgresStoredRow.all(try await connection.query("SELECT id, subscriptions FROM subscriber ORDER BY id", logger: logger))
        }
        let decoder = SQLiteStore.makeDecoder()
        let decoded = ReadRecords(rows, kind: .subscriber, bytes: "subscriptions") { row in try Subscriber(storedRow: row, decoder: decoder) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    public func saveSubscriber(_ subscriber: Subscriber) async throws {
        let subscriptions = try SQLiteStore.makeEncoder().encode(subscriber.subscriptions)
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO subscriber (id, subscriptions) VALUES (\(subscriber.id), \(subscriptions))
                ON CONFLICT (id) DO UPDATE SET subscriptions = excluded.subscriptions
                """, logger: logger)
        }
    }

    public func deleteSubscriber(_ id: SubscriberId) async throws {
        try await write { connection in
            try await connection.query("DELETE FROM subscriber WHERE id = \(id)", logger: logger)
        }
    }
}
