import Foundation
import PostgresNIO
import RotaModel

extension PostgresStore: ResourceStore {
    /// The `resource` and `resource_snapshot` tables with their indexes, as in SQLite; ids and
    /// the other text columns order bytewise, as SQLite orders them.
    static let resourceMigrations = [
        PostgresMigration(
            "resources-v1",
            [
                """
                CREATE TABLE resource (
                    id TEXT COLLATE "C" PRIMARY KEY NOT NULL, kind TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL,
                    cloud TEXT COLLATE "C" NOT NULL, account TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C", parent TEXT COLLATE "C",
                    tags TEXT NOT NULL, ctime DOUBLE PRECISION, attributes TEXT NOT NULL, content_hash BIGINT NOT NULL,
                    expires DOUBLE PRECISION, first_seen DOUBLE PRECISION NOT NULL,
                    clean_reason TEXT, clean_at DOUBLE PRECISION, cleaned DOUBLE PRECISION, protected BIGINT NOT NULL DEFAULT 0)
                """,
                "CREATE INDEX resource_by_snapshot ON resource (cloud, account)",
                "CREATE INDEX resource_by_kind ON resource (kind)",
                "CREATE INDEX resource_by_region ON resource (region)",
                "CREATE INDEX resource_by_expiry ON resource (expires) WHERE expires IS NOT NULL",
                "CREATE INDEX resource_marked ON resource (clean_at) WHERE clean_at IS NOT NULL",
                "CREATE INDEX resource_cleaned ON resource (cleaned) WHERE cleaned IS NOT NULL",
                "CREATE INDEX resource_protected ON resource (id) WHERE protected = 1",
                """
                CREATE TABLE resource_snapshot (
                    cloud TEXT COLLATE "C" NOT NULL, account TEXT COLLATE "C" NOT NULL, merged_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (cloud, account))
                """,
            ])
    ]

    public func mergeResources<Body: AsyncSequence>(
        cloud: String, account: String, body: Body, now: Date, maxSize: Int
    ) async throws -> MergeSummary where Body.Element: Sequence<UInt8> {
        for (name, value) in [("cloud", cloud), ("account", account)] where value.isEmpty {
            throw ResourceMergeError(line: 0, path: name, message: "must not be empty")
        }
        let spool = try await MergeSpool.write(body, in: FileManager.default.temporaryDirectory, maxSize: maxSize)
        defer { spool.remove() }
        let (counts, problems, problemCount) = try await write { connection in
            var reader = ResourceMergeReader(cloud: cloud, account: account)
            let writer = PostgresMergeWriter(
                connection: connection, logger: logger, cloud: cloud, account: account, now: now.timeIntervalSince1970)
            let counts = try await writer.merge(try spool.chunks(), reader: &reader)
            return (counts, reader.problems, reader.problemCount)
        }
        return MergeSummary(
            cloud: cloud, account: account, added: counts.added, updated: counts.updated, unchanged: counts.unchanged,
            removed: counts.removed, problems: problems, problemCount: problemCount)
    }

    public func resources(_ query: ResourceQuery, now: Date) async throws -> ResourcePage {
        let limit = min(max(query.limit, 1), ResourceQuery.maximumLimit)
        var statement = PostgresStatement("SELECT \(StoredResource.selection) FROM resource WHERE ")
        let condition = query.filter.postgresCondition(now: now, in: &statement)
        statement.append(condition)
        if let after = query.after { statement.append(" AND id > \(statement.bind(after))") }
        statement.append(" ORDER BY id LIMIT \(statement.bind(limit + 1))")
        let resources = try await read { [statement] connection in
            try await Self.resources(try await connection.query(statement.query, logger: logger))
        }
        return ResourcePage(resources: Array(resources.prefix(limit)), next: resources.count > limit ? resources[limit - 1].id : nil)
    }

    public func resource(id: String) async throws -> StoredResource? {
        try await read { connection in
            try await Self.resources(
                try await connection.query("SELECT \(unescaped: StoredResource.selection) FROM resource WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    public func markClean(ids: [String], reason: String, now: Date) async throws -> [String] {
        var statement = PostgresStatement()
        let condition = "id = ANY(\(statement.bind(ids)))"
        return try await mark(condition, statement, reason: reason, now: now)
    }

    public func markClean(matching filter: ResourceFilter, reason: String, now: Date) async throws -> [String] {
        var statement = PostgresStatement()
        let condition = filter.postgresCondition(now: now, in: &statement)
        return try await mark(condition, statement, reason: reason, now: now)
    }

    public func recordCleaned(ids: [String], now: Date) async throws -> [String] {
        try await write { connection in
            try await Self.ids(
                try await connection.query(
                    "UPDATE resource SET cleaned = \(now.timeIntervalSince1970) WHERE id = ANY(\(ids)) AND cleaned IS NULL RETURNING id",
                    logger: logger))
        }
    }

    public func setProtected(id: String, _ protected: Bool) async throws -> StoredResource? {
        try await write { connection in
            if protected {
                try await connection.query(
                    "UPDATE resource SET protected = 1, clean_reason = NULL, clean_at = NULL WHERE id = \(id)", logger: logger)
            } else {
                try await connection.query("UPDATE resource SET protected = 0 WHERE id = \(id)", logger: logger)
            }
            return try await Self.resources(
                try await connection.query("SELECT \(unescaped: StoredResource.selection) FROM resource WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    public func aggregateResources(_ aggregation: ResourceAggregation, now: Date) async throws -> [ResourceAggregateRow] {
        var statement = PostgresStatement()
        var columns: [String] = []
        for field in aggregation.groupBy {
            switch field {
            case .cloud, .account, .region, .kind:
                columns.append(field.name)
            case .tag(let key):
                columns.append(ResourceJSONColumn.tags.postgresMemberSQL(key, in: &statement))
            }
        }
        for metric in aggregation.metrics {
            guard let attribute = metric.attribute else {
                columns.append("COUNT(*)::text")
                continue
            }
            let number = ResourceJSONColumn.attributes.postgresNumberSQL(attribute, in: &statement)
            columns.append("\(metric.function.rawValue.uppercased())(\(number))::text")
        }
        let condition = aggregation.filter.postgresCondition(now: now, in: &statement)
        statement.append("SELECT \(columns.joined(separator: ", ")) FROM resource WHERE \(condition)")
        if !aggregation.groupBy.isEmpty {
            let positions = (1...aggregation.groupBy.count).map(String.init)
            statement.append(" GROUP BY \(positions.joined(separator: ", ")) ORDER BY \(positions.map { "\($0) NULLS FIRST" }.joined(separator: ", "))")
        }
        return try await read { [statement] connection in
            var rows: [ResourceAggregateRow] = []
            for try await row in try await connection.query(statement.query, logger: logger) {
                let cells = row.makeRandomAccess()
                var group: [String: JSONValue] = [:]
                for (index, field) in aggregation.groupBy.enumerated() {
                    group[field.name] = (try cells[index].decode(String?.self)).map(JSONValue.string) ?? .null
                }
                var values: [String: JSONValue] = [:]
                for (index, metric) in aggregation.metrics.enumerated() {
                    values[metric.name] = Self.number(try cells[aggregation.groupBy.count + index].decode(String?.self))
                }
                rows.append(ResourceAggregateRow(group: group, values: values))
            }
            return rows
        }
    }

    /// Marks the unprotected, unmarked, undeleted resources of `condition` (its values bound in
    /// `statement`); returns their ids, in id order.
    private func mark(_ condition: String, _ statement: PostgresStatement, reason: String, now: Date) async throws -> [String] {
        var statement = statement
        statement.append(
            """
            UPDATE resource SET clean_reason = \(statement.bind(reason)), clean_at = \(statement.bind(now.timeIntervalSince1970))
            WHERE (\(condition)) AND protected = 0 AND clean_at IS NULL AND cleaned IS NULL
            RETURNING id
            """)
        return try await write { [statement] connection in
            try await Self.ids(try await connection.query(statement.query, logger: logger))
        }
    }

    /// The ids `rows` returns, in the order SQLite's store returns them.
    private static func ids(_ rows: PostgresRowSequence) async throws -> [String] {
        var ids: [String] = []
        for try await id in rows.decode(String.self) { ids.append(id) }
        return ids.sorted()
    }

    /// The resources of rows of ``StoredResource/selection``.
    private static func resources(_ rows: PostgresRowSequence) async throws -> [StoredResource] {
        var resources: [StoredResource] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            resources.append(
                try StoredResource(
                    id: cells[0].decode(String.self), kind: cells[1].decode(String.self), name: cells[2].decode(String.self),
                    cloud: cells[3].decode(String.self), account: cells[4].decode(String.self), region: cells[5].decode(String?.self),
                    parent: cells[6].decode(String?.self), tags: cells[7].decode(String.self), ctime: cells[8].decode(Double?.self),
                    attributes: cells[9].decode(String.self), firstSeen: cells[10].decode(Double.self),
                    lastSeen: cells[11].decode(Double.self), expires: cells[12].decode(Double?.self),
                    cleanReason: cells[13].decode(String?.self), cleanAt: cells[14].decode(Double?.self),
                    cleaned: cells[15].decode(Double?.self), protected: cells[16].decode(Int64.self) != 0))
        }
        return resources
    }

    /// An aggregate's value from its text: a whole number as an integer, as SQLite returns the
    /// sum or the extreme of integers; a number with a fraction or an exponent as a number.
    private static func number(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        if let integer = Int64(text) { return .int(integer) }
        return Double(text).map(JSONValue.number) ?? .null
    }
}
