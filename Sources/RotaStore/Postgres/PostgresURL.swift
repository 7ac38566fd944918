import Foundation
import PostgresNIO
import RotaModel

/// Where a PostgreSQL database is, read from a URL of the form
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require]` (`postgresql://`
/// is the same). The password never leaves this value but to connect: `description` masks it.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    var password: String?
    public var database: String
    public var tlsMode: TLSMode

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Reads `text`; throws `DatabaseURLError` naming what is missing or wrong, never quoting the
    /// password.
    public init(_ text: String) throws(DatabaseURLError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw DatabaseURLError("\(Self.masked(text)) is not a PostgreSQL URL; write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseURLError("\(Self.masked(text)) names no host; write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseURLError("\(Self.masked(text)) names no user; write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw DatabaseURLError("\(Self.masked(text)) names no database; write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        var mode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw DatabaseURLError("\(Self.masked(text)): unknown parameter \"\(item.name)\"; only sslmode is read")
            }
            guard let value = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw DatabaseURLError("\(Self.masked(text)): sslmode must be disable, prefer or require")
            }
            mode = value
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tlsMode = mode
    }

    /// The URL with its password replaced by `***`, for logs and messages.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with the password of any URL in it replaced by `***`.
    public static func masked(_ text: String) -> String {
        URLCredentials.masked(text)
    }

    /// The client configuration that connects to this database.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

/// A database location that cannot be used, with the reason.
public struct DatabaseURLError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
