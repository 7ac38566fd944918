import Logging
import PostgresNIO

extension PostgresStore {
    /// Connects to the database at `url`, applies the schema changes it lacks under the migration
    /// lock, and disconnects; returns the names of the changes applied, none when the database
    /// was current. Throws `DatabaseUnreachable` when it does not answer within `openTimeout`.
    public static func migrate(_ url: PostgresURL, logger: Logger) async throws -> [String] {
        let connections = PostgresConnections(url: url, logger: logger)
        defer { connections.close() }
        return try await migrate(through: connections, url: url, logger: logger)
    }

    /// Applies the schema changes the database lacks, on a connection of `connections`; throws
    /// `DatabaseUnreachable` when it does not answer within `openTimeout`.
    @discardableResult
    static func migrate(through connections: PostgresConnections, url: PostgresURL, logger: Logger) async throws -> [String] {
        try await connections.answering(within: openTimeout, what: "migrate \(url)") {
            try await connections.client.withConnection { connection in
                try await PostgresMigration.apply(migrations, on: connection, logger: logger)
            }
        }
    }

    /// Runs `body` in one transaction on one connection, committed when it returns and rolled
    /// back when it throws: for filling a database no core uses yet (`rota db copy`), table by
    /// table, with statements of its own.
    public func withTransaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await write(body)
    }
}
