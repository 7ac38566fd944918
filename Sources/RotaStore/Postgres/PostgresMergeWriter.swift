import Foundation
import Logging
import NIOCore
import PostgresNIO
import RotaModel

/// A resource merge on PostgreSQL, inside the merge's transaction: PostgreSQL's bulk path in
/// place of SQLite's row by row.
///
/// The rows are read from the body and streamed with `COPY ... FROM STDIN` into a temporary
/// table; then one statement finds the first line whose id another snapshot holds or an
/// earlier line gave, one `INSERT ... ON CONFLICT DO UPDATE` adds the new rows and updates those
/// whose content hash differs (unchanged rows are not written), and one `DELETE` removes the
/// snapshot's rows the merge no longer has.
struct PostgresMergeWriter {
    /// The temporary table the rows are copied into; it is dropped when the transaction ends.
    static let table = "resource_merge_row"
    /// Rows encoded per message of the copy.
    static let batchSize = 4096

    let connection: PostgresConnection
    let logger: Logger
    let cloud: String
    let account: String
    let now: Double

    /// Merges the rows `reader` reads from `body`; throws the reader's error, or the first
    /// line whose id is taken, and writes nothing then (the caller's transaction rolls back).
    func merge<Body: AsyncSequence>(_ body: Body, reader: inout ResourceMergeReader) async throws -> MergeCounts
    where Body.Element: Sequence<UInt8> {
        let previousCount = try await count(
            "SELECT COUNT(*) FROM resource WHERE cloud = \(cloud) AND account = \(account) AND graph_metadata IS NULL")
        try await connection.query("SET LOCAL work_mem = '256MB'", logger: logger)
        try await connection.query(
            """
            CREATE TEMP TABLE \(unescaped: Self.table) (
                line BIGINT NOT NULL, id TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, region TEXT,
                parent TEXT, tags TEXT NOT NULL, ctime DOUBLE PRECISION, attributes TEXT NOT NULL, content_hash BIGINT NOT NULL,
                expires DOUBLE PRECISION) ON COMMIT DROP
            """, logger: logger)
        let rowCount = try await copy(body, reader: &reader)
        var counts = MergeCounts()
        if rowCount > 0 {
            try await connection.query("ANALYZE \(unescaped: Self.table)", logger: logger)
            try await refuseTakenIds()
            for try await (added, updated) in try await connection.query(
                """
                WITH written AS (
                    INSERT INTO resource (id, kind, name, cloud, account, region, parent, tags, ctime, attributes, content_hash, expires, first_seen)
                    SELECT id, kind, name, \(cloud), \(account), region, parent, tags, ctime, attributes, content_hash, expires, \(now)
                    FROM \(unescaped: Self.table) ORDER BY id
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, region = excluded.region,
                        parent = excluded.parent, tags = excluded.tags, ctime = excluded.ctime, attributes = excluded.attributes,
                        content_hash = excluded.content_hash, expires = excluded.expires
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
        if counts.updated + counts.unchanged < previousCount {
            counts.removed = try await count(
                """
                WITH gone AS (
                    DELETE FROM resource WHERE cloud = \(cloud) AND account = \(account) AND graph_metadata IS NULL
                        AND NOT EXISTS (SELECT 1 FROM \(unescaped: Self.table) merged WHERE merged.id = resource.id)
                    RETURNING 1)
                SELECT COUNT(*) FROM gone
                """)
        }
        try await MergeBookkeeping.recordMerged(cloud: cloud, account: account, now: now, connection: connection, logger: logger)
        return counts
    }

    /// Streams the rows of `body` into the temporary table; returns how many there were.
    private func copy<Body: AsyncSequence>(_ body: Body, reader: inout ResourceMergeReader) async throws -> Int
    where Body.Element: Sequence<UInt8> {
        var rowCount = 0
        var buffer = ByteBuffer()
        try await connection.copyFrom(
            table: Self.table, columns: ["line", "id", "kind", "name", "region", "parent", "tags", "ctime", "attributes", "content_hash", "expires"],
            logger: logger
        ) { writer in
            for try await chunk in body {
                try Task.checkCancellation()
                try reader.read(chunk)
                if reader.rowCount >= Self.batchSize {
                    rowCount += try Self.encode(reader.takeRows(), into: &buffer)
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            try reader.finish()
            rowCount += try Self.encode(reader.takeRows(), into: &buffer)
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        return rowCount
    }

    /// Appends `rows` to `buffer` in the copy's text format; returns how many there were.
    private static func encode(_ rows: [ResourceMergeRow], into buffer: inout ByteBuffer) throws(ResourceMergeError) -> Int {
        typealias Copy = PostgresCopyText
        for row in rows {
            do {
                Copy.append(Int64(row.line), to: &buffer, then: Copy.tab)
                try Copy.append(row.id, to: &buffer, then: Copy.tab)
                try Copy.append(row.kind, to: &buffer, then: Copy.tab)
                try Copy.append(row.name, to: &buffer, then: Copy.tab)
                try Copy.append(row.region, to: &buffer, then: Copy.tab)
                try Copy.append(row.parent, to: &buffer, then: Copy.tab)
                try Copy.append(row.tags, to: &buffer, then: Copy.tab)
                Copy.append(row.ctime, to: &buffer, then: Copy.tab)
                try Copy.append(row.attributes, to: &buffer, then: Copy.tab)
                Copy.append(row.contentHash, to: &buffer, then: Copy.tab)
                Copy.append(row.expires, to: &buffer, then: Copy.newline)
            } catch {
                throw ResourceMergeError.nulCharacter(line: row.line)
            }
        }
        return rows.count
    }

    /// Throws for the first line whose id another snapshot (or a graph node) holds, or an
    /// earlier line of the merge gave, as SQLite's merge finds them line by line.
    private func refuseTakenIds() async throws {
        var first: (line: Int, error: ResourceMergeError)?
        for try await (line, id, otherCloud, otherAccount) in try await connection.query(
            """
            SELECT merged.line, merged.id, resource.cloud, resource.account
            FROM \(unescaped: Self.table) merged JOIN resource ON resource.id = merged.id
            WHERE resource.cloud <> \(cloud) OR resource.account <> \(account) OR resource.graph_metadata IS NOT NULL
            ORDER BY merged.line LIMIT 1
            """, logger: logger
        ).decode((Int, String, String, String).self) {
            first = (line, .idTaken(line: line, id: id, cloud: otherCloud, account: otherAccount))
        }
        let repeated = try await count("SELECT COUNT(*) FROM (SELECT 1 FROM \(unescaped: Self.table) GROUP BY id HAVING COUNT(*) > 1) repeated")
        if repeated > 0 {
            for try await (line, id) in try await connection.query(
                """
                SELECT line, id FROM (
                    SELECT line, id, row_number() OVER (PARTITION BY id ORDER BY line) AS position FROM \(unescaped: Self.table)) numbered
                WHERE position > 1 ORDER BY line LIMIT 1
                """, logger: logger
            ).decode((Int, String).self) where line < first?.line ?? .max {
                first = (line, .idRepeated(line: line, id: id))
            }
        }
        if let first { throw first.error }
    }

    /// The number the query `sql` returns.
    private func count(_ sql: PostgresQuery) async throws -> Int {
        for try await value in try await connection.query(sql, logger: logger).decode(Int.self) { return value }
        return 0
    }
}
