import GRDB

/// What every merge does once its rows are written, for a resource merge and a graph merge
/// alike: remove the rows it replaced and did not see again, and record when a snapshot was
/// last merged (the last time its resources were seen).
enum MergeBookkeeping {
    /// Deletes the rows of `rowids`; returns how many there were.
    static func remove(_ rowids: some Collection<Int64>, db: Database) throws -> Int {
        let delete = try RawStatement(db, sql: "DELETE FROM resource WHERE rowid = ?")
        for rowid in rowids {
            delete.bind(rowid, at: 1)
            try delete.execute()
        }
        return rowids.count
    }

    /// Records `now` (seconds since 1970) as the time the snapshot (`cloud`, `account`) was merged.
    static func recordMerged(cloud: String, account: String, now: Double, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO resource_snapshot (cloud, account, merged_at) VALUES (?, ?, ?)
                ON CONFLICT (cloud, account) DO UPDATE SET merged_at = excluded.merged_at
                """,
            arguments: [cloud, account, now])
    }
}
