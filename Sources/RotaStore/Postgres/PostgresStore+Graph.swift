import Foundation

extension PostgresStore {
    /// The graph's columns of `resource`, and the `graph_kind` and `graph_deferred_edge` tables,
    /// as in SQLite.
    static let graphMigrations = [
        PostgresMigration(
            "graph-v1",
            [
                "ALTER TABLE resource ADD COLUMN graph_metadata TEXT",
                "ALTER TABLE resource ADD COLUMN ancestors TEXT",
                "ALTER TABLE resource ADD COLUMN graph_edges TEXT",
                #"ALTER TABLE resource ADD COLUMN replaced_by TEXT COLLATE "C""#,
                "CREATE INDEX resource_by_replace_node ON resource (replaced_by) WHERE replaced_by IS NOT NULL",
                #"CREATE TABLE graph_kind (fqn TEXT COLLATE "C" PRIMARY KEY NOT NULL, bases TEXT NOT NULL)"#,
                """
                CREATE TABLE graph_deferred_edge (
                    replaced_by TEXT COLLATE "C" NOT NULL, from_id TEXT COLLATE "C" NOT NULL, to_id TEXT COLLATE "C" NOT NULL,
                    edge_type TEXT COLLATE "C" NOT NULL)
                """,
                "CREATE INDEX graph_deferred_edge_by_replace_node ON graph_deferred_edge (replaced_by)",
                "CREATE INDEX graph_deferred_edge_by_from ON graph_deferred_edge (from_id)",
                "CREATE INDEX graph_deferred_edge_by_to ON graph_deferred_edge (to_id)",
            ])
    ]
}
