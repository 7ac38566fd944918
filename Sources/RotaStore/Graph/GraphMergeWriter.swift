import Foundation
import GRDB
import RotaModel

/// The writing half of a graph merge, inside its transaction on the database's writer.
///
/// Each node is looked up by id once: a new one is inserted, a changed one (its content hash
/// differs) updated, an unchanged one not written. At the end, the graph nodes of each replaced
/// subtree that the merge did not see are removed: those last merged below the same replace
/// node, those below a replace node that is now inside the subtree (a merge by cloud after
/// merges by account, also those of an account the merge no longer reports), and those of a
/// replace node above it that sit below it (a merge by account after one by cloud).
struct GraphMergeWriter {
    private let db: Database
    private let now: Double
    private var seen = Set<Int64>()
    /// The (cloud, account) pairs the merge placed nodes in.
    private var snapshots = Set<[String]>()
    private let find: RawStatement
    private let insert: RawStatement
    private let update: RawStatement
    private(set) var counts = MergeCounts()

    init(db: Database, now: Date) throws {
        self.db = db
        self.now = now.timeIntervalSince1970
        find = try RawStatement(db, sql: "SELECT rowid, graph_metadata IS NOT NULL, content_hash, cloud, account FROM resource WHERE id = ?")
        insert = try RawStatement(
            db,
            sql: """
                INSERT INTO resource (id, kind, name, cloud, account, region, parent, tags, ctime, attributes, content_hash, expires,
                    first_seen, graph_metadata, ancestors, graph_edges, replaced_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        update = try RawStatement(
            db,
            sql: """
                UPDATE resource SET kind = ?, name = ?, cloud = ?, account = ?, region = ?, parent = ?, tags = ?, ctime = ?,
                    attributes = ?, content_hash = ?, expires = ?, graph_metadata = ?, ancestors = ?, graph_edges = ?, replaced_by = ?
                WHERE rowid = ?
                """)
    }

    /// Writes one node; throws when its id belongs to a resource of Rota's own collectors.
    mutating func write(_ row: GraphMergeRow) throws {
        snapshots.insert([row.cloud, row.account])
        find.bind(row.id, at: 1)
        defer { find.reset() }
        guard try find.step() else {
            try insertRow(row)
            return
        }
        let rowid = find.int64(at: 0)
        guard find.int64(at: 1) == 1 else {
            throw ResourceMergeError.idOfResource(line: row.line, id: row.id, cloud: find.string(at: 3), account: find.string(at: 4))
        }
        seen.insert(rowid)
        if find.int64(at: 2) == row.contentHash {
            counts.unchanged += 1
        } else {
            try updateRow(rowid, row)
            counts.updated += 1
        }
    }

    /// Removes the nodes of the replaced subtrees that the merge did not see, and records the
    /// merge's time as the last time the nodes of every (cloud, account) it placed were seen.
    mutating func finish(_ index: GraphMergeIndex) throws {
        var candidates: [Int64] = []
        let pastRoots = try String.fetchAll(db, sql: "SELECT DISTINCT replaced_by FROM resource WHERE replaced_by IS NOT NULL")
        for root in index.replaceRoots {
            let ancestorsOfRoot = Set(index.placement(of: root)?.ancestors ?? [])
            for past in pastRoots {
                if try past == root || index.placement(of: past)?.replaceRoot == root || (!index.contains(past) && storedBelow(past, root)) {
                    candidates += try Int64.fetchAll(db, sql: "SELECT rowid FROM resource WHERE replaced_by = ?", arguments: [past])
                } else if ancestorsOfRoot.contains(past) {
                    candidates += try Int64.fetchAll(
                        db, sql: "SELECT rowid FROM resource WHERE replaced_by = ? AND instr(ancestors, ?) > 0",
                        arguments: [past, GraphPlacement.ancestorPattern(root)])
                }
            }
        }
        counts.removed = try MergeBookkeeping.remove(Set(candidates).subtracting(seen), db: db)
        for snapshot in snapshots {
            try MergeBookkeeping.recordMerged(cloud: snapshot[0], account: snapshot[1], now: now, db: db)
        }
    }

    /// Whether the stored node `id` was placed below `root` when it was last merged.
    private func storedBelow(_ id: String, _ root: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT instr(ancestors, ?) > 0 FROM resource WHERE id = ?", arguments: [GraphPlacement.ancestorPattern(root), id]) ?? false
    }

    private mutating func insertRow(_ row: GraphMergeRow) throws {
        insert.bind(row.id, at: 1)
        insert.bind(row.kind, at: 2)
        insert.bind(row.name, at: 3)
        insert.bind(row.cloud, at: 4)
        insert.bind(row.account, at: 5)
        insert.bind(row.region, at: 6)
        insert.bind(row.parent, at: 7)
        insert.bind(row.tags, at: 8)
        insert.bind(row.ctime, at: 9)
        insert.bind(row.attributes, at: 10)
        insert.bind(row.contentHash, at: 11)
        insert.bind(row.expires, at: 12)
        insert.bind(now, at: 13)
        insert.bind(row.metadata, at: 14)
        insert.bind(row.ancestors, at: 15)
        insert.bind(row.edges, at: 16)
        insert.bind(row.replacedBy, at: 17)
        try insert.execute()
        seen.insert(db.lastInsertedRowID)
        counts.added += 1
    }

    private func updateRow(_ rowid: Int64, _ row: GraphMergeRow) throws {
        update.bind(row.kind, at: 1)
        update.bind(row.name, at: 2)
        update.bind(row.cloud, at: 3)
        update.bind(row.account, at: 4)
        update.bind(row.region, at: 5)
        update.bind(row.parent, at: 6)
        update.bind(row.tags, at: 7)
        update.bind(row.ctime, at: 8)
        update.bind(row.attributes, at: 9)
        update.bind(row.contentHash, at: 10)
        update.bind(row.expires, at: 11)
        update.bind(row.metadata, at: 12)
        update.bind(row.ancestors, at: 13)
        update.bind(row.edges, at: 14)
        update.bind(row.replacedBy, at: 15)
        update.bind(rowid, at: 16)
        try update.execute()
    }
}
