import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    /// Rows the reading half of a merge gathers before handing them to the writer.
    static let mergeBatchSize = 1024
    /// Batches that may wait for the writer.
    static let mergeChannelCapacity = 4
    /// The writer's page cache during a merge, in KiB. SQLite's default of 2 MiB makes a merge
    /// of a large snapshot read most B-tree pages back from the file; the cache shrinks back
    /// to its previous size when the merge ends.
    static let mergeCacheKiB = 256 * 1024

    static func registerResourceMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("resources-v1") { db in
            // One row per resource: the filterable fields as indexed columns, tags and attributes
            // as JSON text (read with SQLite's JSON functions), times as seconds since 1970.
            // `content_hash` is the hash of what the collector reported, so that a merge tells
            // unchanged resources without comparing columns and leaves their rows untouched.
            // A merge sees every resource it keeps, so the last time a resource was seen is the
            // time of its snapshot's last merge, kept once per snapshot in `resource_snapshot`.
            try db.execute(
                sql: """
                    CREATE TABLE resource (
                        id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
                        cloud TEXT NOT NULL, account TEXT NOT NULL, region TEXT, parent TEXT,
                        tags TEXT NOT NULL, ctime REAL, attributes TEXT NOT NULL, content_hash INTEGER NOT NULL,
                        expires REAL, first_seen REAL NOT NULL,
                        clean_reason TEXT, clean_at REAL, cleaned REAL, protected INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX resource_by_snapshot ON resource (cloud, account);
                    CREATE INDEX resource_by_kind ON resource (kind);
                    CREATE INDEX resource_by_region ON resource (region);
                    CREATE INDEX resource_by_expiry ON resource (expires) WHERE expires IS NOT NULL;
                    CREATE INDEX resource_marked ON resource (clean_at) WHERE clean_at IS NOT NULL;
                    CREATE INDEX resource_cleaned ON resource (cleaned) WHERE cleaned IS NOT NULL;
                    CREATE INDEX resource_protected ON resource (id) WHERE protected = 1;
                    CREATE TABLE resource_snapshot (
                        cloud TEXT NOT NULL, account TEXT NOT NULL, merged_at REAL NOT NULL,
                        PRIMARY KEY (cloud, account)) WITHOUT ROWID;
                    """)
        }
    }

    public func mergeResources<Body: AsyncSequence>(
        cloud: String, account: String, body: Body, now: Date, maxSize: Int
    ) async throws -> MergeSummary where Body.Element: Sequence<UInt8> {
        for (name, value) in [("cloud", cloud), ("account", account)] where value.isEmpty {
            throw ResourceMergeError(line: 0, path: name, message: "must not be empty")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let spool = try await MergeSpool.write(body, in: directory, maxSize: maxSize)
        defer { spool.remove() }
        return try await merge(cloud: cloud, account: account, body: try spool.chunks(), now: now)
    }

    /// Merges a body that is at hand: its reading half runs beside the writing half, and the
    /// writer is held from the first row to the commit.
    private func merge<Body: AsyncSequence>(
        cloud: String, account: String, body: Body, now: Date
    ) async throws -> MergeSummary where Body.Element: Sequence<UInt8> {
        let channel = MergeRowChannel<ResourceMergeRow>(capacity: Self.mergeChannelCapacity)
        async let written = writeMergedRows(from: channel, cloud: cloud, account: account, now: now)
        var reader = ResourceMergeReader(cloud: cloud, account: account)
        var readingError: (any Error)?
        do {
            try await read(body, with: &reader, into: channel)
        } catch {
            channel.fail()
            readingError = error
        }
        let counts: MergeCounts
        do {
            counts = try await written
        } catch {
            throw readingError ?? error
        }
        return MergeSummary(
            cloud: cloud, account: account, added: counts.added, updated: counts.updated, unchanged: counts.unchanged,
            removed: counts.removed, problems: reader.problems, problemCount: reader.problemCount)
    }

    public func resources(_ query: ResourceQuery, now: Date) async throws -> ResourcePage {
        let limit = min(max(query.limit, 1), ResourceQuery.maximumLimit)
        var (sql, arguments) = query.filter.sqlCondition(now: now)
        if let after = query.after {
            sql += " AND id > ?"
            arguments += [after]
        }
        arguments += [limit + 1]
        return try await pool.read { [sql, arguments] db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(StoredResource.selection) FROM resource WHERE \(sql) ORDER BY id LIMIT ?", arguments: arguments)
            let resources = try rows.prefix(limit).map(StoredResource.init(row:))
            return ResourcePage(resources: resources, next: rows.count > limit ? resources.last?.id : nil)
        }
    }

    public func resource(id: String) async throws -> StoredResource? {
        try await pool.read { db in try Self.fetchResource(db, id: id) }
    }

    public func markClean(ids: [String], reason: String, now: Date) async throws -> [String] {
        let idList = try Self.jsonArray(ids)
        return try await pool.write { db in
            try Self.mark(db, condition: "id IN (SELECT value FROM json_each(?))", arguments: [idList], reason: reason, now: now)
        }
    }

    public func markClean(matching filter: ResourceFilter, reason: String, now: Date) async throws -> [String] {
        let (condition, arguments) = filter.sqlCondition(now: now)
        return try await pool.write { db in
            try Self.mark(db, condition: condition, arguments: arguments, reason: reason, now: now)
        }
    }

    public func recordCleaned(ids: [String], now: Date) async throws -> [String] {
        let idList = try Self.jsonArray(ids)
        return try await pool.write { db in
            try String.fetchAll(
                db,
                sql: """
                    UPDATE resource SET cleaned = ?
                    WHERE id IN (SELECT value FROM json_each(?)) AND cleaned IS NULL
                    RETURNING id
                    """,
                arguments: [now.timeIntervalSince1970, idList]
            ).sorted()
        }
    }

    public func setProtected(id: String, _ protected: Bool) async throws -> StoredResource? {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE resource SET protected = ?,
                        clean_reason = CASE WHEN ? THEN NULL ELSE clean_reason END,
                        clean_at = CASE WHEN ? THEN NULL ELSE clean_at END
                    WHERE id = ?
                    """,
                arguments: [protected, protected, protected, id])
            return try Self.fetchResource(db, id: id)
        }
    }

    public func aggregateResources(_ aggregation: ResourceAggregation, now: Date) async throws -> [ResourceAggregateRow] {
        var columns: [String] = []
        var arguments: StatementArguments = []
        for field in aggregation.groupBy {
            switch field {
            case .cloud, .account, .region, .kind:
                columns.append(field.name)
            case .tag(let key):
                let (sql, tagArguments) = ResourceJSONColumn.tags.memberSQL(key)
                columns.append(sql)
                arguments += tagArguments
            }
        }
        for metric in aggregation.metrics {
            guard let attribute = metric.attribute else {
                columns.append("COUNT(*)")
                continue
            }
            let (number, numberArguments) = ResourceJSONColumn.attributes.numberSQL(attribute)
            columns.append("\(metric.function.rawValue.uppercased())(\(number))")
            arguments += numberArguments
        }
        let (condition, conditionArguments) = aggregation.filter.sqlCondition(now: now)
        arguments += conditionArguments
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM resource WHERE \(condition)"
        if !aggregation.groupBy.isEmpty {
            let positions = (1...aggregation.groupBy.count).map(String.init).joined(separator: ", ")
            sql += " GROUP BY \(positions) ORDER BY \(positions)"
        }
        return try await pool.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var group: [String: JSONValue] = [:]
                for (index, field) in aggregation.groupBy.enumerated() {
                    group[field.name] = Self.jsonValue(row[index] as DatabaseValue)
                }
                var values: [String: JSONValue] = [:]
                for (index, metric) in aggregation.metrics.enumerated() {
                    values[metric.name] = Self.jsonValue(row[aggregation.groupBy.count + index] as DatabaseValue)
                }
                return ResourceAggregateRow(group: group, values: values)
            }
        }
    }

    /// Reads the body into batches of rows and sends them to the writer, then tells it that all
    /// was sent. Returns early, without error, when the writer has stopped.
    private func read<Body: AsyncSequence>(
        _ body: Body, with reader: inout ResourceMergeReader, into channel: MergeRowChannel<ResourceMergeRow>
    ) async throws where Body.Element: Sequence<UInt8> {
        for try await chunk in body {
            try Task.checkCancellation()
            try reader.read(chunk)
            if reader.rowCount >= Self.mergeBatchSize, await !channel.send(reader.takeRows()) { return }
        }
        try reader.finish()
        if reader.rowCount > 0, await !channel.send(reader.takeRows()) { return }
        channel.finish()
    }

    /// The writing half of a merge: one transaction on the writer that takes rows from the
    /// channel until the reader is done (commit) or failed (rollback).
    private func writeMergedRows(
        from channel: MergeRowChannel<ResourceMergeRow>, cloud: String, account: String, now: Date
    ) async throws -> MergeCounts {
        try await writeMerge(from: channel) { db, rows in
            var writer = try ResourceMergeWriter(db: db, cloud: cloud, account: account, now: now)
            try rows { try writer.write($0) }
            try writer.finish()
            return writer.counts
        }
    }

    /// Runs `write` in one transaction on the database's writer, with a page cache large enough
    /// for a large merge; `write` gets the rows of `channel` through its second argument, which
    /// returns once the reader is done and throws when it failed (the transaction then rolls
    /// back). However the writing ends, even before it began, the reader is not left waiting.
    func writeMerge<Row: Sendable, Result: Sendable>(
        from channel: MergeRowChannel<Row>,
        _ write: @escaping @Sendable (Database, _ rows: ((Row) throws -> Void) throws -> Void) throws -> Result
    ) async throws -> Result {
        defer { channel.stop() }
        return try await pool.writeWithoutTransaction { db in
            let previousCacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(-Self.mergeCacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(previousCacheSize)") }
            var result: Result?
            try db.inTransaction {
                result = try write(db) { handle in
                    while true {
                        switch channel.receive() {
                        case .batch(let rows):
                            for row in rows { try handle(row) }
                        case .end:
                            return
                        case .failed:
                            throw CancellationError()
                        }
                    }
                }
                return .commit
            }
            guard let result else { throw CancellationError() }
            return result
        }
    }

    /// Marks the unprotected, unmarked, undeleted resources of `condition`; returns their ids.
    private static func mark(
        _ db: Database, condition: String, arguments: StatementArguments, reason: String, now: Date
    ) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                UPDATE resource SET clean_reason = ?, clean_at = ?
                WHERE (\(condition)) AND protected = 0 AND clean_at IS NULL AND cleaned IS NULL
                RETURNING id
                """,
            arguments: [reason, now.timeIntervalSince1970] + arguments
        ).sorted()
    }

    private static func fetchResource(_ db: Database, id: String) throws -> StoredResource? {
        try Row.fetchOne(db, sql: "SELECT \(StoredResource.selection) FROM resource WHERE id = ?", arguments: [id])
            .map(StoredResource.init(row:))
    }

    /// Ids as a JSON array, for `json_each`: one argument however many ids there are.
    private static func jsonArray(_ ids: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
    }

    private static func jsonValue(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .int(number)
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .blob(let data): .string(String(decoding: data, as: UTF8.self))
        }
    }
}
