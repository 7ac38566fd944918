import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerGraphMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("graph-v1") { db in
            // A graph node is a resource row with `graph_metadata` set (its metadata section);
            // `attributes` holds its `reported` section whole. `ancestors` and `graph_edges` are
            // JSON arrays (see GraphPlacement); `replaced_by` is the replace node of the merge that
            // last wrote the row. Deferred edges are kept apart, per replace node, because their
            // ends are found only once the merge's nodes are written.
            try db.execute(
                sql: """
                    ALTER TABLE resource ADD COLUMN graph_metadata TEXT;
                    ALTER TABLE resource ADD COLUMN ancestors TEXT;
                    ALTER TABLE resource ADD COLUMN graph_edges TEXT;
                    ALTER TABLE resource ADD COLUMN replaced_by TEXT;
                    CREATE INDEX resource_by_replace_node ON resource (replaced_by) WHERE replaced_by IS NOT NULL;
                    CREATE TABLE graph_kind (fqn TEXT PRIMARY KEY NOT NULL, bases TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE graph_deferred_edge (
                        replaced_by TEXT NOT NULL, from_id TEXT NOT NULL, to_id TEXT NOT NULL, edge_type TEXT NOT NULL);
                    CREATE INDEX graph_deferred_edge_by_replace_node ON graph_deferred_edge (replaced_by);
                    CREATE INDEX graph_deferred_edge_by_from ON graph_deferred_edge (from_id);
                    CREATE INDEX graph_deferred_edge_by_to ON graph_deferred_edge (to_id);
                    """)
        }
    }

    public func graphKinds() async throws -> GraphKinds {
        try await pool.read { db in try Self.graphKinds(db) }
    }

    public func updateGraphKinds(_ bases: [String: [String]]) async throws {
        let rows = try bases.map { fqn, bases in (fqn, String(decoding: try JSONEncoder().encode(bases), as: UTF8.self)) }
        try await pool.write { db in
            let statement = try db.makeStatement(
                sql: "INSERT INTO graph_kind (fqn, bases) VALUES (?, ?) ON CONFLICT (fqn) DO UPDATE SET bases = excluded.bases")
            for (fqn, bases) in rows { try statement.execute(arguments: [fqn, bases]) }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM graph_kind") ?? 0
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
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let spool = try await MergeSpool.write(body, in: directory, maxSize: maxSize)
        defer { spool.remove() }
        let sealed = try GraphMergeReading.index(of: spool, kinds: try await graphKinds())
        let channel = MergeRowChannel<GraphMergeRow>(capacity: Self.mergeChannelCapacity)
        async let written = writeGraphRows(from: channel, index: sealed, now: now)
        var readingError: (any Error)?
        var problems: [MergeProblem] = []
        do {
            var reading = try GraphMergeReading(spool, index: sealed)
            var isWriting = true
            while isWriting, let rows = try reading.next(Self.mergeBatchSize) {
                try Task.checkCancellation()
                isWriting = await channel.send(rows)
            }
            if isWriting { channel.finish() }
            problems = reading.problems
        } catch {
            channel.fail()
            readingError = error
        }
        var summary: GraphMergeSummary
        do {
            summary = try await written
        } catch {
            throw readingError ?? error
        }
        for problem in problems { summary.note(problem) }
        return summary
    }

    /// The writing half of a graph merge: one transaction on the writer that takes rows from
    /// the channel until the reader is done (then removes what the merge no longer reports,
    /// stores the deferred edges and commits) or failed (rollback).
    private func writeGraphRows(
        from channel: MergeRowChannel<GraphMergeRow>, index: GraphMergeIndex, now: Date
    ) async throws -> GraphMergeSummary {
        try await writeMerge(from: channel) { db, rows in
            var summary = GraphMergeSummary(replaced: index.replaceRoots, problems: index.problems, problemCount: index.problemCount)
            var writer = try GraphMergeWriter(db: db, now: now)
            try rows { try writer.write($0) }
            try writer.finish(index)
            summary.deferredEdges = try Self.storeDeferredEdges(index, db: db, now: now, summary: &summary)
            summary.added = writer.counts.added
            summary.updated = writer.counts.updated
            summary.unchanged = writer.counts.unchanged
            summary.removed = writer.counts.removed
            summary.edges = index.edgeCount
            return summary
        }
    }

    public func readGraph<T: Sendable>(now: Date, _ read: @escaping @Sendable (any GraphNodeSource) throws -> T) async throws -> T {
        try await pool.read { db in
            try read(try SQLiteGraphSource(db: db, now: now))
        }
    }

    static func graphKinds(_ db: Database) throws -> GraphKinds {
        var bases: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT fqn, bases FROM graph_kind") {
            let text: String = row[1]
            bases[row[0]] = (try? JSONValue(jsonText: text))?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return GraphKinds(bases: bases)
    }

    /// Replaces the deferred edges of the merge's replace nodes with those it sent, their ends
    /// found among the graph's nodes as they are now; returns how many edges were stored.
    private static func storeDeferredEdges(
        _ index: GraphMergeIndex, db: Database, now: Date, summary: inout GraphMergeSummary
    ) throws -> Int {
        for root in index.replaceRoots {
            try db.execute(sql: "DELETE FROM graph_deferred_edge WHERE replaced_by = ?", arguments: [root])
        }
        let edges = try DeferredEdgeResolution.edges(of: index, in: try SQLiteGraphSource(db: db, now: now), summary: &summary)
        let insert = try db.makeStatement(sql: "INSERT INTO graph_deferred_edge (replaced_by, from_id, to_id, edge_type) VALUES (?, ?, ?, ?)")
        for edge in edges { try insert.execute(arguments: [edge.owner, edge.from, edge.to, edge.type]) }
        return edges.count
    }

}

extension GraphMergeSummary {
    /// Keeps a problem, counting those beyond the most kept.
    mutating func note(_ problem: MergeProblem) {
        problemCount += 1
        if problems.count < MergeSummary.maximumProblems { problems.append(problem) }
    }
}
