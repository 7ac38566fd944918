import Logging
import PostgresNIO

/// A transaction on one connection that rethrows the error of its body as it is, so that callers
/// see a refusal (a lost lease, a limit) rather than a wrapper.
enum PostgresTransaction {
    /// Runs `body` between `BEGIN` and `COMMIT`; on any error rolls back and rethrows it.
    static func run<T>(
        on connection: PostgresConnection, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.query("BEGIN", logger: logger)
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
