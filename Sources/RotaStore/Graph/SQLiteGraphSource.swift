import Foundation
import GRDB
import RotaModel

/// The inventory as graph queries read it, inside one transaction of the SQLite database; rows
/// become nodes as ``StoredGraphNode`` says.
struct SQLiteGraphSource: GraphNodeSource {
    let db: Database
    let kinds: GraphKinds
    /// Seconds since 1970, deciding `metadata.expired`.
    let now: Double

    /// The columns ``node(_:)`` reads, in order.
    private static let selection = StoredGraphNode.selection

    init(db: Database, now: Date) throws {
        self.db = db
        self.now = now.timeIntervalSince1970
        kinds = try SQLiteStore.graphKinds(db)
    }

    func forEachNode(ofKinds kinds: Set<String>?, _ body: (GraphNode) throws -> Bool) throws {
        let cursor: RowCursor
        if let kinds {
            let list = String(decoding: try JSONEncoder().encode(kinds.sorted()), as: UTF8.self)
            cursor = try Row.fetchCursor(
                db, sql: "SELECT \(Self.selection) FROM resource WHERE kind IN (SELECT value FROM json_each(?))", arguments: [list])
        } else {
            cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.selection) FROM resource")
        }
        while let row = try cursor.next() {
            guard try body(node(row)) else { return }
        }
    }

    func node(id: String) throws -> GraphNode? {
        if let placing = PlacingNode(id: id) { return placing.node }
        return try Row.fetchOne(db, sql: "SELECT \(Self.selection) FROM resource WHERE id = ?", arguments: [id]).map(node)
    }

    func edges(of id: String, _ direction: GraphEdgeDirection) throws -> [GraphEdgeEnd] {
        let text = try String.fetchOne(db, sql: "SELECT graph_edges FROM resource WHERE id = ?", arguments: [id])
        var edges = text.map { GraphPlacement.edges(fromText: $0, direction) } ?? []
        let (near, far) = direction == .inbound ? ("to_id", "from_id") : ("from_id", "to_id")
        for row in try Row.fetchAll(db, sql: "SELECT edge_type, \(far) FROM graph_deferred_edge WHERE \(near) = ?", arguments: [id]) {
            edges.append(GraphEdgeEnd(type: row[0], node: row[1]))
        }
        return edges
    }

    /// The node of a row of ``selection``.
    private func node(_ row: Row) -> GraphNode {
        StoredGraphNode.node(
            id: row[0], kind: row[1], name: row[2], cloud: row[3], account: row[4], region: row[5], tags: row[6], ctime: row[7],
            attributes: row[8], graphMetadata: row[9], ancestors: row[10], cleanAt: row[11], cleaned: row[12], protected: row[13],
            expires: row[14], now: now)
    }
}

/// Finds the nodes a deferred edge's selector names, asking the same search once. A search
/// Rota cannot answer (outside its query language, or finding more than ``maximumNodes``)
/// finds nothing and says why, so that one bad edge never costs the collector its merge.
struct GraphSelectorResolver {
    /// The most nodes one selector may find.
    static let maximumNodes = 10_000

    /// The nodes a selector found, or why it found none.
    enum Outcome {
        case found([String])
        case refused(String)
    }

    let source: any GraphNodeSource
    private var searches: [String: Outcome] = [:]

    init(source: any GraphNodeSource) {
        self.source = source
    }

    mutating func nodes(_ selector: GraphNodeSelector) throws -> Outcome {
        switch selector {
        case .nodeId(let id):
            return .found(try source.node(id: id) == nil ? [] : [id])
        case .search(let text):
            if let known = searches[text] { return known }
            var found: [String] = []
            let outcome: Outcome
            do {
                let query = try GraphQuery(parsing: text)
                try query.run(source: source, section: nil, limit: Self.maximumNodes, node: { found.append($0.id) }, edge: { _ in })
                outcome = .found(found)
            } catch let error as GraphQueryError {
                outcome = .refused("its search \"\(text)\" cannot be answered: \(error)")
            } catch let error as GraphQueryRunError {
                outcome = .refused("its search \"\(text)\" cannot be answered: \(error)")
            }
            searches[text] = outcome
            return outcome
        }
    }
}
