import Foundation
import Logging
import PostgresNIO
import RotaBenchmarkSupport
import RotaStore

/// An empty database made for one repeat on the PostgreSQL server of `--db`, and dropped
/// afterwards, so that every repeat starts from nothing as it does on a new SQLite file.
struct FreshPostgresDatabase {
    /// The new database's URL.
    let url: PostgresURL
    private let server: URLComponents
    private let name: String

    /// Makes a database named `rota_bench_<random>` on the server of `serverURL` (any of its
    /// databases may be named; the user needs the right to create databases).
    static func create(on serverURL: String) async throws -> FreshPostgresDatabase {
        guard let server = URLComponents(string: serverURL) else { throw BenchmarkFailure("\(PostgresURL.masked(serverURL)) is not a URL") }
        let name = "rota_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await run("CREATE DATABASE \(name)", on: server)
        var fresh = server
        fresh.path = "/" + name
        guard let text = fresh.string else { throw BenchmarkFailure("no URL for database \(name)") }
        return FreshPostgresDatabase(url: try PostgresURL(text), server: server, name: name)
    }

    /// Drops the database.
    func drop() async throws {
        try await Self.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
    }

    /// Runs one statement on the database `server` names, over a connection without TLS (the
    /// benchmark's server is on this machine).
    private static func run(_ sql: String, on server: URLComponents) async throws {
        var logger = Logger(label: "rota.inventory-bench.postgres")
        logger.logLevel = .critical
        let url = try PostgresURL(server.string ?? "")
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: server.password?.removingPercentEncoding,
            database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
