import Foundation
import Logging
import PostgresNIO
import RotaModel

/// The pool of connections to one database and the task that runs it: the pool lives until
/// `close` or until the last store using it goes away.
final class PostgresConnections: Sendable {
    let client: PostgresClient
    private let running: Task<Void, Never>

    init(url: PostgresURL, logger: Logger) {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: quiet)
        self.client = client
        running = Task { await client.run() }
    }

    deinit {
        running.cancel()
    }

    func close() {
        running.cancel()
    }

    /// Runs `body`, and throws `DatabaseUnreachable` when it has not finished within `limit`.
    func answering<T: Sendable>(within limit: Duration, what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.pause(for: limit)
                return nil
            }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw DatabaseUnreachable(what: what, limit: limit)
            }
            group.cancelAll()
            return value
        }
    }
}

/// The database did not answer in time.
public struct DatabaseUnreachable: Error, Sendable, CustomStringConvertible {
    let what: String
    let limit: Duration

    public var description: String {
        "cannot \(what): PostgreSQL did not answer within \(limit.components.seconds) s; check that the server runs and the URL's host, port, user and password"
    }
}
