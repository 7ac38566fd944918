import Foundation
import RotaModel

/// A row of the `resource` table seen as a graph node, the same for both stores.
///
/// A graph node reads back as it was merged, its `reported` and `metadata` whole. A resource of
/// Rota's own collectors reads as a node too: its attributes with its id, kind, name, tags and
/// ctime as `reported`, and as ancestors a region, an account and a cloud made from its columns
/// (node ids `rota-region:`, `rota-account:`, `rota-cloud:` followed by a JSON array), so that
/// `/ancestors.account.reported.name` means the same for both. In every node, `metadata.cleaned`,
/// `metadata.protected`, `metadata.expires` and `desired.clean` are the core's own facts.
enum StoredGraphNode {
    /// The columns a graph source reads for ``node(id:kind:name:cloud:account:region:tags:ctime:attributes:graphMetadata:ancestors:cleanAt:cleaned:protected:expires:now:)``, in order.
    static let selection = """
        id, kind, name, cloud, account, region, tags, ctime, attributes, graph_metadata, ancestors,
        clean_at, cleaned, protected, expires
        """

    /// The node of a row's columns (JSON as text, times as seconds since 1970); `now` decides
    /// `metadata.expired`.
    static func node(
        id: String, kind: String, name: String, cloud: String, account: String, region: String?, tags: String, ctime: Double?,
        attributes: String, graphMetadata: String?, ancestors: String?, cleanAt: Double?, cleaned: Double?, protected: Bool,
        expires: Double?, now: Double
    ) -> GraphNode {
        let attributes = (try? JSONValue(jsonText: attributes)) ?? [:]
        var metadata: [String: JSONValue]
        var reported: JSONValue
        var ancestorIds: [String]
        if let graphMetadata {
            metadata = (try? JSONValue(jsonText: graphMetadata))?.objectValue ?? [:]
            reported = attributes
            ancestorIds = GraphPlacement.ancestors(fromText: ancestors ?? "[]")
        } else {
            metadata = [:]
            var members = attributes.objectValue ?? [:]
            members["id"] = .string(id)
            members["kind"] = .string(kind)
            members["name"] = .string(name)
            members["tags"] = (try? JSONValue(jsonText: tags)) ?? [:]
            if let ctime { members["ctime"] = .string(Timestamp.string(Date(timeIntervalSince1970: ctime))) }
            reported = .object(members)
            ancestorIds = PlacingNode.ancestors(cloud: cloud, account: account, region: region)
        }
        metadata["cleaned"] = .bool(cleaned != nil)
        metadata["protected"] = .bool(protected)
        metadata["expires"] = expires.map { .string(Timestamp.string(Date(timeIntervalSince1970: $0))) } ?? .null
        metadata["expired"] = .bool(expires.map { $0 <= now } ?? false)
        let desired: JSONValue = cleanAt == nil ? [:] : ["clean": true]
        return GraphNode(id: id, kind: kind, reported: reported, metadata: .object(metadata), desired: desired, ancestors: ancestorIds)
    }
}

/// The region, account or cloud a resource of Rota's own collectors is placed in, seen as a
/// graph node: its id is a prefix and a JSON array of the columns that name it.
struct PlacingNode {
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
