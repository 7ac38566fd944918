import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    /// The longest line of a graph merge: a node with large `reported` sections (a policy
    /// document, say) stays well below it.
    static let maximumGraphLineLength = 8 << 20
    /// The most edges one deferred edge may stand for (every node its `from` selector finds to
    /// every node its `to` selector finds).
    static let maximumEdgesPerDeferredEdge = 10_000

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
        var index = GraphMergeIndex(kinds: try await graphKinds())
        var firstReading = try SpoolLines(spool, maximumLineLength: Self.maximumGraphLineLength)
        while try firstReading.next({ line, number in
            try index.add(try GraphLineReader.read(line, number: number, readsReported: false), number: number)
        }) {}
        try index.seal()
        let sealed = index
        let channel = MergeRowChannel<GraphMergeRow>(capacity: Self.mergeChannelCapacity)
        async let written = writeGraphRows(from: channel, index: sealed, now: now)
        var readingError: (any Error)?
        var problems: [MergeProblem] = []
        do {
            var rows: [GraphMergeRow] = []
            var secondReading = try SpoolLines(spool, maximumLineLength: Self.maximumGraphLineLength)
            var isWriting = true
            var hasMore = true
            while hasMore, isWriting {
                try Task.checkCancellation()
                hasMore = try secondReading.next { line, number in
                    guard case .node(let node) = try GraphLineReader.read(line, number: number, reading: .tagsAndTime),
                        let placement = sealed.placement(of: node.id)
                    else { return }
                    let row = GraphMergeRow(node, line: line, number: number, placement: placement)
                    problems += row.expiryProblems.map { MergeProblem(line: number, id: node.id, message: $0.description) }
                    rows.append(row)
                }
                if rows.count >= Self.mergeBatchSize || !hasMore {
                    isWriting = await channel.send(rows)
                    rows = []
                }
            }
            if isWriting { channel.finish() }
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
        guard !index.deferredEdges.isEmpty, let owner = index.replaceRoots.first else { return 0 }
        let source = try SQLiteGraphSource(db: db, now: now)
        var resolver = GraphSelectorResolver(source: source)
        let insert = try db.makeStatement(sql: "INSERT INTO graph_deferred_edge (replaced_by, from_id, to_id, edge_type) VALUES (?, ?, ?, ?)")
        var stored = 0
        for edge in index.deferredEdges {
            let froms: [String]
            let tos: [String]
            switch (try resolver.nodes(edge.from), try resolver.nodes(edge.to)) {
            case (.found(let from), .found(let to)):
                froms = from
                tos = to
            case (.refused(let reason), _), (_, .refused(let reason)):
                summary.note(MergeProblem(line: 0, id: "\(edge.from)", message: "a deferred edge is dropped: \(reason)"))
                continue
            }
            if froms.isEmpty || tos.isEmpty {
                summary.note(MergeProblem(line: 0, id: "\(froms.isEmpty ? edge.from : edge.to)", message: "a deferred edge's selector found no node: the edge is dropped"))
            }
            guard froms.count * tos.count <= Self.maximumEdgesPerDeferredEdge else {
                summary.note(
                    MergeProblem(
                        line: 0, id: "\(edge.from)",
                        message: "a deferred edge's selectors found \(froms.count) and \(tos.count) nodes, more than \(Self.maximumEdgesPerDeferredEdge) edges: the edge is dropped"))
                continue
            }
            for from in froms {
                for to in tos where from != to {
                    try insert.execute(arguments: [index.placement(of: from)?.replaceRoot ?? owner, from, to, edge.type])
                    stored += 1
                }
            }
        }
        return stored
    }

}

extension GraphMergeSummary {
    /// Keeps a problem, counting those beyond the most kept.
    mutating func note(_ problem: MergeProblem) {
        problemCount += 1
        if problems.count < MergeSummary.maximumProblems { problems.append(problem) }
    }
}

/// The lines of a spooled merge body, read one chunk at a time so that the reader can hand on
/// what it made between chunks. Blank lines are skipped.
private struct SpoolLines {
    private var splitter: LineSplitter
    private let file: FileHandle
    private var isFinished = false

    init(_ spool: MergeSpool, maximumLineLength: Int) throws {
        splitter = LineSplitter(maximumLineLength: maximumLineLength)
        file = try FileHandle(forReadingFrom: spool.url)
    }

    /// Hands `handle` every line that ends in the next chunk (the last line too at the end);
    /// false once the whole body was handed out, and the file closed.
    mutating func next(_ handle: (_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Void) throws -> Bool {
        guard !isFinished else { return false }
        do {
            if let chunk = try file.read(upToCount: MergeSpool.chunkSize), !chunk.isEmpty {
                try chunk.withUnsafeBytes { raw in
                    try splitter.split(raw.bindMemory(to: UInt8.self)) { line, number in
                        if !Self.isBlank(line) { try handle(line, number) }
                    }
                }
                return true
            }
            isFinished = true
            try? file.close()
            try splitter.finish { line, number in
                if !Self.isBlank(line) { try handle(line, number) }
            }
            return false
        } catch let error as LineSplitter.LineTooLong {
            try? file.close()
            throw ResourceMergeError(line: error.line, path: "", message: "is longer than \(error.limit) bytes")
        }
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
