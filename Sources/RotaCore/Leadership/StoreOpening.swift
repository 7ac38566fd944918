import Logging
import RotaStore
import UnixSignals

/// Opens the store a core keeps its state in, as `settings.databasePath` names it: a SQLite file,
/// which the core has to itself, or a PostgreSQL database that several cores share, where the
/// core first stands by until it takes the lease (`Standby`) and then writes under its fence.
enum StoreOpening {
    /// A store the core may write to, and the keeper of its lease when it shares the database.
    struct Opened {
        let store: any Store
        let keeper: LeaseKeeper?
    }

    /// Opens the store; on PostgreSQL, returns once this core leads. Throws `ConfigurationError`
    /// for a database URL that cannot be used (naming the problem, never the password), and
    /// `CancellationError` when the core is shut down while it stands by.
    static func open(
        settings: CoreSettings, tls: ServerTLSContext?, authentication: Authentication, signals: [UnixSignal], logger: Logger,
        reportSetAside: @escaping @Sendable (SetAsideRecord) -> Void
    ) async throws -> Opened {
        guard settings.usesPostgres else {
            return Opened(store: try SQLiteStore(path: settings.databasePath, reportSetAside: reportSetAside), keeper: nil)
        }
        let url: PostgresURL
        do {
            url = try PostgresURL(settings.databasePath)
        } catch {
            throw ConfigurationError("db: \(error.description)")
        }
        let database = try await PostgresStore.open(url, logger: logger, reportSetAside: reportSetAside)
        let lease = LeaderLease(store: database, url: settings.advertisedURL, duration: settings.leaseDuration)
        let fence = try await Standby(settings: settings, lease: lease, tls: tls, authentication: authentication, signals: signals, logger: logger)
            .waitForLease()
        logger.notice("this core leads (lease epoch \(fence.epoch)), advertised at \(settings.advertisedURL)", metadata: ["database": "\(url)"])
        return Opened(store: database.fenced(by: fence), keeper: LeaseKeeper(lease: lease, fence: fence, logger: logger))
    }
}
