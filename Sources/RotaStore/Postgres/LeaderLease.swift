import Foundation
import Logging
import PostgresNIO

/// The leadership of the cores that share one PostgreSQL database: one row, `rota_lease`, names
/// the holder, the URL where it serves, the epoch and when the lease expires. A core takes the
/// lease when it is free or expired (the epoch then grows by one), renews it well before it
/// expires, and gives it up when it stops. Expiry is read on the database's clock only, so the
/// cores' own clocks never decide who leads.
public struct LeaderLease: Sendable {
    /// The lease row's name.
    static let name = "leader"

    /// The core that leads, as a standby sees it.
    public struct Leader: Sendable, Hashable {
        public var holder: String
        public var url: String
        public var epoch: Int64
        /// Whether the lease has not expired.
        public var live: Bool
    }

    let store: PostgresStore
    /// This core's id in the lease.
    public let holder: String
    /// Where this core serves, told to standbys and clients.
    public let url: String
    /// How long a lease lasts without renewal.
    public let duration: Duration

    public init(store: PostgresStore, holder: String = UUID().uuidString, url: String, duration: Duration) {
        self.store = store
        self.holder = holder
        self.url = url
        self.duration = duration
    }

    private var seconds: Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Takes the lease when nobody holds it or it expired; returns the fence to write under, or
    /// nil when another core holds it.
    public func acquire() async throws -> LeaseFence? {
        try await store.read { connection in
            let rows = try await connection.query(
                """
                INSERT INTO rota_lease (name, holder, url, epoch, expires_at)
                VALUES (\(Self.name), \(holder), \(url), 1, clock_timestamp() + make_interval(secs => \(seconds)))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, url = excluded.url, epoch = rota_lease.epoch + 1,
                    expires_at = excluded.expires_at
                WHERE rota_lease.expires_at <= clock_timestamp()
                RETURNING epoch
                """, logger: store.logger)
            for try await epoch in rows.decode(Int64.self) { return LeaseFence(holder: holder, epoch: epoch) }
            return nil
        }
    }

    /// Extends the lease by `duration` from now; false when it is no longer this core's (taken,
    /// or expired and taken).
    public func renew(_ fence: LeaseFence) async throws -> Bool {
        try await store.read { connection in
            let rows = try await connection.query(
                """
                UPDATE rota_lease SET expires_at = clock_timestamp() + make_interval(secs => \(seconds))
                WHERE name = \(Self.name) AND holder = \(fence.holder) AND epoch = \(fence.epoch)
                RETURNING epoch
                """, logger: store.logger)
            for try await _ in rows { return true }
            return false
        }
    }

    /// Ends the lease at once, so that a standby takes over without waiting for it to expire.
    public func release(_ fence: LeaseFence) async throws {
        try await store.read { connection in
            try await connection.query(
                """
                UPDATE rota_lease SET expires_at = clock_timestamp()
                WHERE name = \(Self.name) AND holder = \(fence.holder) AND epoch = \(fence.epoch)
                """, logger: store.logger)
        }
    }

    /// The core named in the lease, or nil when no core ever led.
    public func leader() async throws -> Leader? {
        try await store.read { connection in
            let rows = try await connection.query(
                "SELECT holder, url, epoch, expires_at > clock_timestamp() FROM rota_lease WHERE name = \(Self.name)",
                logger: store.logger)
            for try await (holder, url, epoch, live) in rows.decode((String, String, Int64, Bool).self) {
                return Leader(holder: holder, url: url, epoch: epoch, live: live)
            }
            return nil
        }
    }

    /// The lease's table.
    static let migrations = [
        PostgresMigration(
            "lease-v1",
            [
                """
                CREATE TABLE rota_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, url TEXT NOT NULL, epoch BIGINT NOT NULL,
                    expires_at TIMESTAMPTZ NOT NULL)
                """
            ])
    ]
}
