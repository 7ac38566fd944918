/// The stores Rota keeps its state in, for tests that run once on each.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A SQLite file beside the core.
    case sqlite
    /// A database on a PostgreSQL server (`TestPostgres` gives each test a fresh one).
    case postgres

    public var description: String { rawValue }
}
