import Logging
import PostgresNIO

/// The lease a leading core writes under: every write transaction of a fenced store checks, on
/// the lease row and just before it commits, that this holder still holds this epoch and that it
/// has not expired. The check takes a share lock on the row, so a standby's takeover waits until
/// the commit is done, and a takeover that committed first makes the check fail: nothing commits
/// under a lease another core has taken.
public struct LeaseFence: Sendable, Hashable {
    /// Who holds the lease (a core's own id, new at each start).
    public let holder: String
    /// The lease's epoch, one higher at each takeover.
    public let epoch: Int64

    public init(holder: String, epoch: Int64) {
        self.holder = holder
        self.epoch = epoch
    }

    /// Throws `LeaseLost` unless the lease is still this one; run last in a write transaction.
    func check(on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            SELECT epoch FROM rota_lease
            WHERE name = \(LeaderLease.name) AND holder = \(holder) AND epoch = \(epoch) AND expires_at > clock_timestamp()
            FOR SHARE
            """, logger: logger)
        for try await _ in rows { return }
        throw LeaseLost(epoch: epoch)
    }
}

/// A write refused because the core no longer holds the lease it writes under: another core has
/// taken it, or it expired without renewal.
public struct LeaseLost: Error, Sendable, CustomStringConvertible {
    public let epoch: Int64

    public var description: String {
        "this core no longer leads (its lease of epoch \(epoch) was taken or expired); nothing was written"
    }
}
