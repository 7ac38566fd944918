import Foundation
import Logging
import PostgresNIO

/// The store in a PostgreSQL database, which several cores may share: one leads and writes, the
/// others stand by (`LeaderLease`). A store opened with a `LeaseFence` checks the lease at the end
/// of every write transaction, so that a core that lost its lease commits nothing. The schema is
/// created and migrated on open, under an advisory lock.
public final class PostgresStore: Sendable {
    /// The pool of connections, running for as long as this store (or a fenced copy) lives.
    let connections: PostgresConnections
    /// Where the database is (its description masks the password).
    public let url: PostgresURL
    /// The lease every write is checked against; nil for a store that does not lead (a standby,
    /// `rota db` commands).
    public let fence: LeaseFence?
    let logger: Logger
    /// Told of every record readers set aside, once, when it is first found unreadable.
    let reportSetAside: @Sendable (SetAsideRecord) -> Void

    /// How long opening waits for the database to answer before it gives up.
    public static let openTimeout: Duration = .seconds(60)

    /// Connects to the database at `url` and migrates it to the current schema; throws
    /// `DatabaseUnreachable` (naming the masked URL) when it does not answer within `openTimeout`.
    public static func open(
        _ url: PostgresURL, fence: LeaseFence? = nil, logger: Logger, reportSetAside: @escaping @Sendable (SetAsideRecord) -> Void = { _ in }
    ) async throws -> PostgresStore {
        let store = PostgresStore(
            connections: PostgresConnections(url: url, logger: logger), url: url, fence: fence, logger: logger, reportSetAside: reportSetAside)
        try await migrate(through: store.connections, url: url, logger: logger)
        return store
    }

    private init(
        connections: PostgresConnections, url: PostgresURL, fence: LeaseFence?, logger: Logger,
        reportSetAside: @escaping @Sendable (SetAsideRecord) -> Void
    ) {
        self.connections = connections
        self.url = url
        self.fence = fence
        self.logger = logger
        self.reportSetAside = reportSetAside
    }

    /// The same database, its writes checked against `fence`: the store of a core that has just
    /// taken the lease.
    public func fenced(by fence: LeaseFence) -> PostgresStore {
        PostgresStore(connections: connections, url: url, fence: fence, logger: logger, reportSetAside: reportSetAside)
    }

    /// Every schema change, in order; each runs once per database.
    static var migrations: [PostgresMigration] {
        LeaderLease.migrations + subscriberMigrations + setAsideMigrations + taskMigrations + definitionMigrations + configMigrations + auditMigrations + resourceMigrations + graphMigrations
    }

    /// Runs `body` on a connection of the pool, outside any transaction (reads, and the lease).
    func read<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await connections.client.withConnection { connection in try await body(connection) }
    }

    /// Runs `body` in one transaction and commits it when `body` returns, after checking the
    /// fence (when there is one): the check comes last, so that the lease row is locked only for
    /// the moment of the commit, however long the transaction ran. Rolls back and rethrows when
    /// `body` throws or the lease is lost.
    func write<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await connections.client.withConnection { connection in
            try await PostgresTransaction.run(on: connection, logger: logger) { connection in
                let value = try await body(connection)
                try await fence?.check(on: connection, logger: logger)
                return value
            }
        }
    }

    /// Closes every connection; the store cannot be used afterwards.
    public func close() {
        connections.close()
    }
}
