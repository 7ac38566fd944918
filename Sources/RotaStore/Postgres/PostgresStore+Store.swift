/// A PostgreSQL database keeps everything a core keeps, as a SQLite file does.
extension PostgresStore: Store {}
