import Foundation
import GRDB
import RotaModel

/// The writing half of a merge, inside its transaction on the database's writer.
///
/// Each row is looked up by id once: a new resource is inserted, a changed one (its content
/// hash differs) updated, an unchanged one not written at all. The rowids the merge saw are
/// kept in memory; that finds an id given twice, and at the end the snapshot's rows the merge
/// did not see are found with one scan of the snapshot's index and removed. When the snapshot
/// was empty, rows are inserted without a lookup first. The statements are prepared once per
/// merge and run through ``RawStatement``.
struct ResourceMergeWriter {
    private let db: Database
    private let cloud: String
    private let account: String
    private let now: Double
    /// The snapshot's size before the merge.
    private let previousCount: Int
    /// The rowids of the rows this merge added or saw.
    private var seen = Set<Int64>()
    private let find: RawStatement
    private let insert: RawStatement
    private let update: RawStatement
    private(set) var counts = MergeCounts()

    init(db: Database, cloud: String, account: String, now: Date) throws {
        self.db = db
        self.cloud = cloud
        self.account = account
        self.now = now.timeIntervalSince1970
        previousCount = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM resource WHERE cloud = ? AND account = ? AND graph_metadata IS NULL", arguments: [cloud, account]) ?? 0
        find = try RawStatement(db, sql: "SELECT rowid, cloud, account, content_hash, graph_metadata IS NOT NULL FROM resource WHERE id = ?")
        insert = try RawStatement(
            db,
            sql: """
                INSERT INTO resource (id, kind, name, cloud, account, region, parent, tags, ctime, attributes, content_hash, expires, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """)
        update = try RawStatement(
            db,
            sql: """
                UPDATE resource SET kind = ?, name = ?, region = ?, parent = ?, tags = ?, ctime = ?, attributes = ?,
                    content_hash = ?, expires = ?
                WHERE rowid = ?
                """)
    }

    /// Writes one row; throws when its id is taken by another snapshot or by an earlier line.
    mutating func write(_ row: ResourceMergeRow) throws {
        if previousCount == 0, try insertRow(row) { return }
        find.bind(row.id, at: 1)
        defer { find.reset() }
        guard try find.step() else {
            guard try insertRow(row) else { preconditionFailure("\(row.id) is neither in the table nor insertable") }
            return
        }
        let rowid = find.int64(at: 0)
        guard find.string(at: 1) == cloud, find.string(at: 2) == account, find.int64(at: 4) == 0 else {
            throw ResourceMergeError.idTaken(line: row.line, id: row.id, cloud: find.string(at: 1), account: find.string(at: 2))
        }
        guard seen.insert(rowid).inserted else {
            throw ResourceMergeError.idRepeated(line: row.line, id: row.id)
        }
        if find.int64(at: 3) == row.contentHash {
            counts.unchanged += 1
        } else {
            try updateRow(rowid, row)
            counts.updated += 1
        }
    }

    /// Removes the snapshot's rows this merge did not see, and records the merge's time as the
    /// last time every resource of the snapshot was seen.
    mutating func finish() throws {
        if counts.updated + counts.unchanged < previousCount {
            let snapshot = try RawStatement(db, sql: "SELECT rowid FROM resource WHERE cloud = ? AND account = ? AND graph_metadata IS NULL")
            snapshot.bind(cloud, at: 1)
            snapshot.bind(account, at: 2)
            var unseen: [Int64] = []
            while try snapshot.step() {
                let rowid = snapshot.int64(at: 0)
                if !seen.contains(rowid) { unseen.append(rowid) }
            }
            counts.removed = try MergeBookkeeping.remove(unseen, db: db)
        }
        try MergeBookkeeping.recordMerged(cloud: cloud, account: account, now: now, db: db)
    }

    /// Inserts the row unless its id is taken; whether it did.
    private mutating func insertRow(_ row: ResourceMergeRow) throws -> Bool {
        insert.bind(row.id, at: 1)
        insert.bind(row.kind, at: 2)
        insert.bind(row.name, at: 3)
        insert.bind(cloud, at: 4)
        insert.bind(account, at: 5)
        insert.bind(row.region, at: 6)
        insert.bind(row.parent, at: 7)
        insert.bind(row.tags, at: 8)
        insert.bind(row.ctime, at: 9)
        insert.bind(row.attributes, at: 10)
        insert.bind(row.contentHash, at: 11)
        insert.bind(row.expires, at: 12)
        insert.bind(now, at: 13)
        try insert.execute()
        guard db.changesCount == 1 else { return false }
        seen.insert(db.lastInsertedRowID)
        counts.added += 1
        return true
    }

    private func updateRow(_ rowid: Int64, _ row: ResourceMergeRow) throws {
        update.bind(row.kind, at: 1)
        update.bind(row.name, at: 2)
        update.bind(row.region, at: 3)
        update.bind(row.parent, at: 4)
        update.bind(row.tags, at: 5)
        update.bind(row.ctime, at: 6)
        update.bind(row.attributes, at: 7)
        update.bind(row.contentHash, at: 8)
        update.bind(row.expires, at: 9)
        update.bind(rowid, at: 10)
        try update.execute()
    }
}
