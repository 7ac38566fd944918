import Foundation
import GRDB

/// The store in one SQLite file, in WAL mode: readers never wait for the writer, and a crash of
/// the process loses no committed transaction. The schema is created and migrated on open.
public final class SQLiteStore: Store {
    /// The database: one writer, concurrent readers.
    let pool: DatabasePool
    /// Where the file is.
    public let path: String
    /// Told of every record readers set aside, once, when it is first found unreadable.
    let reportSetAside: @Sendable (SetAsideRecord) -> Void

    /// Opens (creating when missing) the database at `path`, with its directory, migrates it to
    /// the current schema, and removes the bodies of merges a crash interrupted. `reportSetAside` is told of each stored record that cannot be
    /// read, when a reader first meets it (to log it).
    public init(path: String, reportSetAside: @escaping @Sendable (SetAsideRecord) -> Void = { _ in }) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // WAL with NORMAL keeps every commit across a crash of the process; only a power
            // loss may take back the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        self.reportSetAside = reportSetAside
        try Self.migrator.migrate(pool)
        MergeSpool.removeLeftovers(in: url.deletingLastPathComponent())
    }

    /// Every schema change, in order; each runs once per database.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerSubscriberMigrations(&migrator)
        registerTaskMigrations(&migrator)
        registerDefinitionMigrations(&migrator)
        registerResourceMigrations(&migrator)
        registerSetAsideMigrations(&migrator)
        registerAuditMigrations(&migrator)
        registerConfigMigrations(&migrator)
        registerGraphMigrations(&migrator)
        return migrator
    }

    /// The encoder for JSON columns: dates as seconds since 1970, keys sorted.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The decoder for JSON columns.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
