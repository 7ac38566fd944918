import Foundation
import Logging
import NIOCore
import PostgresNIO
import RotaModel

/// The writing half of a graph merge on PostgreSQL, inside the merge's transaction: the nodes
/// are streamed with `COPY ... FROM STDIN` into a temporary table, then written with one
/// `INSERT ... ON CONFLICT DO UPDATE` (a node whose content hash is unchanged is not written),
/// and the nodes of each replaced subtree the merge did not see are removed with one `DELETE`,
/// as ``GraphMergeWriter`` decides them in SQLite.
struct PostgresGraphMergeWriter {
    /// The temporary table the nodes are copied into; it is dropped when the transaction ends.
    static let table = "graph_merge_row"

    let connection: PostgresConnection
    let logger: Logger
    let now: Double

    /// Writes the rows `reading` reads and removes what they replace; throws the reader's error,
    /// or for the first node whose id is a resource of Rota's own collectors.
    func merge(_ reading: inout GraphMergeReading, index: GraphMergeIndex) async throws -> MergeCounts {
        try await connection.query("SET LOCAL work_mem = '256MB'", logger: logger)
        try await connection.query(
            """
            CREATE TEMP TABLE \(unescaped: Self.table) (
                line BIGINT NOT NULL, id TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, cloud TEXT NOT NULL,
                account TEXT NOT NULL, region TEXT, parent TEXT, tags TEXT NOT NULL, ctime DOUBLE PRECISION, attributes TEXT NOT NULL,
                content_hash BIGINT NOT NULL, expires DOUBLE PRECISION, graph_metadata TEXT NOT NULL, ancestors TEXT NOT NULL,
                graph_edges TEXT NOT NULL, replaced_by TEXT) ON COMMIT DROP
            """, logger: logger)
        var rowCount = 0
        var buffer = ByteBuffer()
        try await connection.copyFrom(
            table: Self.table,
            columns: [
                "line", "id", "kind", "name", "cloud", "account", "region", "parent", "tags", "ctime", "attributes", "content_hash", "expires",
                "graph_metadata", "ancestors", "graph_edges", "replaced_by",
            ],
            logger: logger
        ) { writer in
            while let rows = try reading.next(PostgresMergeWriter.batchSize) {
                try Task.checkCancellation()
                try Self.encode(rows, into: &buffer)
                rowCount += rows.count
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
                buffer.clear()
            }
        }
        var counts = MergeCounts()
        if rowCount > 0 {
            try await connection.query("ANALYZE \(unescaped: Self.table)", logger: logger)
            try await refuseResourceIds()
            for try await (added, updated) in try await connection.query(
                """
                WITH written AS (
                    INSERT INTO resource (id, kind, name, cloud, account, region, parent, tags, ctime, attributes, content_hash, expires,
                        first_seen, graph_metadata, ancestors, graph_edges, replaced_by)
                    SELECT id, kind, name, cloud, account, region, parent, tags, ctime, attributes, content_hash, expires,
                        \(now), graph_metadata, ancestors, graph_edges, replaced_by
                    FROM \(unescaped: Self.table) ORDER BY id
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, cloud = excluded.cloud,
                        account = excluded.account, region = excluded.region, parent = excluded.parent, tags = excluded.tags,
                        ctime = excluded.ctime, attributes = excluded.attributes, content_hash = excluded.content_hash,
                        expires = excluded.expires, graph_metadata = excluded.graph_metadata, ancestors = excluded.ancestors,
                        graph_edges = excluded.graph_edges, replaced_by = excluded.replaced_by
                    WHERE resource.content_hash <> excluded.content_hash
                    RETURNING xmax = 0 AS inserted)
                SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM written
                """, logger: logger
            ).decode((Int, Int).self) {
                counts.added = added
                counts.updated = updated
            }
            counts.unchanged = rowCount - counts.added - counts.updated
        }
        counts.removed = try await removeReplaced(index)
        var snapshots: [(String, String)] = []
        for try await snapshot in try await connection.query(
            "SELECT DISTINCT cloud, account FROM \(unescaped: Self.table)", logger: logger
        ).decode((String, String).self) {
            snapshots.append(snapshot)
        }
        for (cloud, account) in snapshots {
            try await MergeBookkeeping.recordMerged(cloud: cloud, account: account, now: now, connection: connection, logger: logger)
        }
        return counts
    }

    /// Removes the nodes of the replaced subtrees that the merge did not see: those last merged
    /// below a replace node whose subtree this merge replaces whole, and those of a replace node
    /// above one of the merge's that sit below it. Returns how many there were.
    private func removeReplaced(_ index: GraphMergeIndex) async throws -> Int {
        var pastRoots: [String] = []
        for try await root in try await connection.query(
            "SELECT DISTINCT replaced_by FROM resource WHERE replaced_by IS NOT NULL", logger: logger
        ).decode(String.self) {
            pastRoots.append(root)
        }
        var statement = PostgresStatement()
        var whole: [String] = []
        var conditions: [String] = []
        for root in index.replaceRoots {
            let ancestorsOfRoot = Set(index.placement(of: root)?.ancestors ?? [])
            for past in pastRoots {
                let replacedWhole = past == root || index.placement(of: past)?.replaceRoot == root
                var belowRoot = false
                if !replacedWhole, !index.contains(past) { belowRoot = try await storedBelow(past, root) }
                if replacedWhole || belowRoot {
                    whole.append(past)
                } else if ancestorsOfRoot.contains(past) {
                    conditions.append(
                        "(replaced_by = \(statement.bind(past)) AND strpos(ancestors, \(statement.bind(GraphPlacement.ancestorPattern(root)))) > 0)")
                }
            }
        }
        if !whole.isEmpty { conditions.append("replaced_by = ANY(\(statement.bind(whole)))") }
        guard !conditions.isEmpty else { return 0 }
        statement.append(
            """
            WITH gone AS (
                DELETE FROM resource WHERE (\(conditions.joined(separator: " OR ")))
                    AND NOT EXISTS (SELECT 1 FROM \(Self.table) merged WHERE merged.id = resource.id)
                RETURNING 1)
            SELECT COUNT(*) FROM gone
            """)
        for try await count in try await connection.query(statement.query, logger: logger).decode(Int.self) { return count }
        return 0
    }

    /// Whether the stored node `id` was placed below `root` when it was last merged.
    private func storedBelow(_ id: String, _ root: String) async throws -> Bool {
        for try await below in try await connection.query(
            "SELECT strpos(ancestors, \(GraphPlacement.ancestorPattern(root))) > 0 FROM resource WHERE id = \(id)", logger: logger
        ).decode(Bool?.self) {
            return below ?? false
        }
        return false
    }

    /// Throws for the first node whose id is a resource of Rota's own collectors.
    private func refuseResourceIds() async throws {
        for try await (line, id, cloud, account) in try await connection.query(
            """
            SELECT merged.line, merged.id, resource.cloud, resource.account
            FROM \(unescaped: Self.table) merged JOIN resource ON resource.id = merged.id
            WHERE resource.graph_metadata IS NULL ORDER BY merged.line LIMIT 1
            """, logger: logger
        ).decode((Int, String, String, String).self) {
            throw ResourceMergeError.idOfResource(line: line, id: id, cloud: cloud, account: account)
        }
    }

    /// Appends `rows` to `buffer` in the copy's text format.
    private static func encode(_ rows: [GraphMergeRow], into buffer: inout ByteBuffer) throws(ResourceMergeError) {
        typealias Copy = PostgresCopyText
        for row in rows {
            do {
                Copy.append(Int64(row.line), to: &buffer, then: Copy.tab)
                for text in [row.id, row.kind, row.name, row.cloud, row.account] { try Copy.append(text, to: &buffer, then: Copy.tab) }
                try Copy.append(row.region, to: &buffer, then: Copy.tab)
                try Copy.append(row.parent, to: &buffer, then: Copy.tab)
                try Copy.append(row.tags, to: &buffer, then: Copy.tab)
                Copy.append(row.ctime, to: &buffer, then: Copy.tab)
                try Copy.append(row.attributes, to: &buffer, then: Copy.tab)
                Copy.append(row.contentHash, to: &buffer, then: Copy.tab)
                Copy.append(row.expires, to: &buffer, then: Copy.tab)
                for text in [row.metadata, row.ancestors, row.edges] { try Copy.append(text, to: &buffer, then: Copy.tab) }
                try Copy.append(row.replacedBy, to: &buffer, then: Copy.newline)
            } catch {
                throw ResourceMergeError.nulCharacter(line: row.line)
            }
        }
    }
}
