import ArgumentParser
import Foundation
import GRDB
import Logging
import RotaStore

extension DatabaseCommand {
    /// `rota db migrate`: brings a database's schema up to this version of Rota without starting
    /// a core, and says which changes it applied.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply Rota's schema to a database without starting a core.",
            discussion: """
                Prints each schema change it applied, or that the database was current. \
                Cores migrate their database when they start; run this to prepare a database \
                beforehand, or to check that it is current. Cores starting at the same time \
                as this command wait for each other: each change is applied once.

                Examples:
                  rota db migrate --db postgres://rota@db.internal/rota
                  rota db migrate --db /var/lib/rota/rota.db
                """
        )

        @Option(help: ArgumentHelp("The database: a PostgreSQL URL or a SQLite file.", valueName: "URL|PATH"))
        var db: String

        func run() async throws {
            let console = Console.current
            let described: String
            let applied: [String]
            if PostgresURL.isPostgres(db) {
                let url = try PostgresURL(db)
                described = url.description
                applied = try await PostgresStore.migrate(url, logger: DatabaseCommand.logger)
            } else {
                described = db
                applied = try Self.migrateSQLite(at: db)
            }
            for name in applied { console.print("applied \(name)") }
            console.print(applied.isEmpty ? "\(described) is current: no change to apply" : "\(described): \(applied.count) changes applied")
        }

        /// Opens the SQLite file at `path` as a core would (which migrates it, creating it when
        /// missing) and returns the changes that were not recorded in it before.
        static func migrateSQLite(at path: String) throws -> [String] {
            let before = FileManager.default.fileExists(atPath: path) ? try appliedMigrations(at: path) : []
            _ = try SQLiteStore(path: path)
            return try appliedMigrations(at: path).filter { !before.contains($0) }
        }

        /// The names of the changes recorded in the SQLite file at `path`, in the order applied.
        private static func appliedMigrations(at path: String) throws -> [String] {
            var configuration = Configuration()
            configuration.readonly = true
            return try DatabaseQueue(path: path, configuration: configuration).read { db in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            }
        }
    }
}
