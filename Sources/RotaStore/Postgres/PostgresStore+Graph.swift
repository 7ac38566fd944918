import Foundation
import Logging
import PostgresNIO
import RotaModel

extension PostgresStore: GraphStore {
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

    public func graphKinds() async throws -> GraphKinds {
        try await read { connection in try await Self.graphKinds(connection, logger: logger) }
    }

    public func updateGraphKinds(_ bases: [String: [String]]) async throws {
        let fqns = Array(bases.keys)
        let texts = try fqns.map { String(decoding: try JSONEncoder().encode(bases[$0] ?? []), as: UTF8.self) }
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO graph_kind (fqn, bases) SELECT * FROM unnest(\(fqns)::text[], \(texts)::text[])
                ON CONFLICT (fqn) DO UPDATE SET bases = excluded.bases
                """, logger: logger)
            var count = 0
            for try await total in try await connection.query("SELECT COUNT(*) FROM graph_kind", logger: logger).decode(Int.self) {
                count = total
            }
            guard count <= GraphModelReader.maximumKinds else {
                // Thrown inside the write, so that the transaction rolls back: nothing is stored.
                throw GraphModelReader.Refusal(
                    kind: -1,
                    message: "the model would hold \(count) kinds, more than the \(GraphModelReader.maximumKinds) the core keeps; nothing was stored")
            }
        }
    }

    public func mergeGraph<Body: AsyncSequence>(body: Body, now: Date, maxSize: Int) async throws -> GraphMergeSummary
    where Body.Element: Sequence<UInt8> {
        let spool = try await MergeSpool.write(body, in: FileManager.default.temporaryDirectory, maxSize: maxSize)
        defer { spool.remove() }
        let index = try GraphMergeReading.index(of: spool, kinds: try await graphKinds())
        return try await write { connection in
            var reading = try GraphMergeReading(spool, index: index)
            let writer = PostgresGraphMergeWriter(connection: connection, logger: logger, now: now.timeIntervalSince1970)
            let counts = try await writer.merge(&reading, index: index)
            var summary = GraphMergeSummary(replaced: index.replaceRoots, problems: index.problems, problemCount: index.problemCount)
            summary.deferredEdges = try await Self.storeDeferredEdges(index, connection: connection, now: now, summary: &summary, logger: logger)
            summary.added = counts.added
            summary.updated = counts.updated
            summary.unchanged = counts.unchanged
            summary.removed = counts.removed
            summary.edges = index.edgeCount
            for problem in reading.problems { summary.note(problem) }
            return summary
        }
    }

    public func readGraph<T: Sendable>(now: Date, _ read: @escaping @Sendable (any GraphNodeSource) throws -> T) async throws -> T {
        try await self.read { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let value = try await PostgresGraphSource.run(on: connection, logger: logger, now: now) { source in try read(source) }
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The model's kinds as `connection` sees them.
    static func graphKinds(_ connection: PostgresConnection, logger: Logger) async throws -> GraphKinds {
        var bases: [String: [String]] = [:]
        for try await (fqn, text) in try await connection.query("SELECT fqn, bases FROM graph_kind", logger: logger).decode((String, String).self) {
            bases[fqn] = (try? JSONValue(jsonText: text))?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return GraphKinds(bases: bases)
    }

    /// Replaces the deferred edges of the merge's replace nodes with those it sent, their ends
    /// found among the graph's nodes as they are now; returns how many edges were stored.
    private static func storeDeferredEdges(
        _ index: GraphMergeIndex, connection: PostgresConnection, now: Date, summary: inout GraphMergeSummary, logger: Logger
    ) async throws -> Int {
        try await connection.query("DELETE FROM graph_deferred_edge WHERE replaced_by = ANY(\(index.replaceRoots))", logger: logger)
        guard !index.deferredEdges.isEmpty else { return 0 }
        let before = summary
        let (edges, after) = try await PostgresGraphSource.run(on: connection, logger: logger, now: now) { source in
            var summary = before
            return (try DeferredEdgeResolution.edges(of: index, in: source, summary: &summary), summary)
        }
        summary = after
        try await connection.query(
            """
            INSERT INTO graph_deferred_edge (replaced_by, from_id, to_id, edge_type)
            SELECT * FROM unnest(\(edges.map(\.owner))::text[], \(edges.map(\.from))::text[], \(edges.map(\.to))::text[], \(edges.map(\.type))::text[])
            """, logger: logger)
        return edges.count
    }
}
