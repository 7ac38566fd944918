import ArgumentParser
import Logging

/// `rota db`: commands that prepare a core's database and move its contents, run while no core
/// writes it.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Prepare a core's database, or move a SQLite core's contents to PostgreSQL.",
        discussion: """
            A database is a SQLite file (a path) or a PostgreSQL database \
            (postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require]). \
            Passwords are never printed.
            """,
        subcommands: [Migrate.self, Copy.self]
    )

    /// What the database clients log: warnings and errors only, on standard error.
    static var logger: Logger {
        var logger = Logger(label: "rota.db")
        logger.logLevel = .warning
        return logger
    }
}
