import Foundation
import GRDB
import RotaModel

/// The inventory as graph queries read it, inside one transaction of the database.
///
/// A graph node reads back as it was merged, its `reported` and `metadata` whole. A resource of
/// Rota's own collectors reads as a node too: its attributes with its id, kind, name, tags and
/// ctime as `reported`, and as ancestors a region, an account and a cloud made from its columns
/// (node ids `rota-region:`, `rota-account:`, `rota-cloud:` followed by a JSON array), so that
/// `/ancestors.account.reported.name` means the same for both. In every node, `metadata.cleaned`,
/// `metadata.protected`, `metadata.expires` and `desired.clean` are the core's own facts.
struct SQLiteGraphSource: GraphNodeSource {
    let db: Database
    let kinds: GraphKinds
    /// Seconds since 1970, deciding `metadata.expired`.
    let now: Double

    /// The columns ``node(_:)`` reads, in order.
    private static let selection = """
        id, kind, name, cloud, account, region, tags, ctime, attributes, graph_metadata, ancestors,
        clean_at, cleaned, protected, expires
        """

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
        let id: String = row[0]
        let kind: String = row[1]
        let cloud: String = row[3]
        let account: String = row[4]
        let region: String? = row[5]
        let attributes = (try? JSONValue(jsonText: row[8])) ?? [:]
        var metadata: [String: JSONValue]
        var reported: JSONValue
        var ancestors: [String]
        if let graphMetadata: String = row[9] {
            metadata = (try? JSONValue(jsonText: graphMetadata))?.objectValue ?? [:]
            reported = attributes
            ancestors = GraphPlacement.ancestors(fromText: row[10] ?? "[]")
        } else {
            metadata = [:]
            var members = attributes.objectValue ?? [:]
            members["id"] = .string(id)
            members["kind"] = .string(kind)
            members["name"] = .string(row[2])
            members["tags"] = (try? JSONValue(jsonText: row[6])) ?? [:]
            if let ctime: Double = row[7] { members["ctime"] = .string(Timestamp.string(Date(timeIntervalSince1970: ctime))) }
            reported = .object(members)
            ancestors = PlacingNode.ancestors(cloud: cloud, account: account, region: region)
        }
        let cleanAt: Double? = row[11]
        let cleaned: Double? = row[12]
        let expires: Double? = row[14]
        metadata["cleaned"] = .bool(cleaned != nil)
        metadata["protected"] = .bool(row[13])
        metadata["expires"] = expires.map { .string(Timestamp.string(Date(timeIntervalSince1970: $0))) } ?? .null
        metadata["expired"] = .bool(expires.map { $0 <= now } ?? false)
        let desired: JSONValue = cleanAt == nil ? [:] : ["clean": true]
        return GraphNode(id: id, kind: kind, reported: reported, metadata: .object(metadata), desired: desired, ancestors: ancestors)
    }
}

/// The region, account or cloud a resource of Rota's own collectors is placed in, seen as a
/// graph node: its id is a prefix and a JSON array of the columns that name it.
private struct PlacingNode {
    let kind: String
    let path: [String]

    init?(id: String) {
        for kind in ["cloud", "account", "region"] where id.hasPrefix(Self.prefix(kind)) {
            guard let path = (try? JSONValue(jsonText: String(id.dropFirst(Self.prefix(kind).count))))?.arrayValue?.compactMap(\.stringValue)
            else { return nil }
            self.kind = kind
            self.path = path
            return
        }
        return nil
    }

    private init(kind: String, path: [String]) {
        self.kind = kind
        self.path = path
    }

    var id: String { Self.prefix(kind) + JSONValue.array(path.map(JSONValue.string)).jsonText }

    var node: GraphNode {
        let name = path.last ?? ""
        let above: [String] = switch kind {
        case "region" where path.count == 3: Self.ancestors(cloud: path[0], account: path[1], region: nil)
        case "account" where path.count == 2: [PlacingNode(kind: "cloud", path: [path[0]]).id]
        default: []
        }
        return GraphNode(id: id, kind: kind, reported: ["id": .string(name), "name": .string(name), "kind": .string(kind)], ancestors: above)
    }

    /// The ancestors of a resource in (cloud, account, region), nearest first.
    static func ancestors(cloud: String, account: String, region: String?) -> [String] {
        var ids: [String] = []
        if let region { ids.append(PlacingNode(kind: "region", path: [cloud, account, region]).id) }
        ids.append(PlacingNode(kind: "account", path: [cloud, account]).id)
        ids.append(PlacingNode(kind: "cloud", path: [cloud]).id)
        return ids
    }

    private static func prefix(_ kind: String) -> String { "rota-\(kind):" }
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

    let source: SQLiteGraphSource
    private var searches: [String: Outcome] = [:]

    init(source: SQLiteGraphSource) {
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
