import Foundation
import RotaModel

/// A graph held in memory and read through `GraphNodeSource`, as the store's graph is read by
/// queries. Ancestors are found along default edges, nearest first, when the graph is complete.
/// It counts what it is asked, so tests can see what a query reads.
final class GraphQueryMemorySource: GraphNodeSource {
    var kinds: GraphKinds
    private var nodes: [String: GraphNode] = [:]
    private var order: [String] = []
    private var outbound: [String: [GraphEdgeEnd]] = [:]
    private var inbound: [String: [GraphEdgeEnd]] = [:]
    /// How many times `node(id:)` was called.
    private(set) var nodeLookups = 0
    /// The kinds each `forEachNode` was asked for, in order.
    private(set) var kindsRead: [Set<String>?] = []

    init(kinds: GraphKinds = GraphKinds()) {
        self.kinds = kinds
    }

    /// Adds a node whose `reported` holds `kind` and `properties`.
    @discardableResult
    func add(
        _ id: String, _ kind: String, _ properties: [String: JSONValue] = [:], metadata: JSONValue = [:], desired: JSONValue = [:]
    ) -> GraphNode {
        var reported = properties
        reported["kind"] = .string(kind)
        reported["id"] = reported["id"] ?? .string(id)
        let node = GraphNode(id: id, kind: kind, reported: .object(reported), metadata: metadata, desired: desired)
        add(node)
        return node
    }

    func add(_ node: GraphNode) {
        if nodes[node.id] == nil { order.append(node.id) }
        nodes[node.id] = node
    }

    func connect(_ from: String, _ to: String, _ type: String = "default") {
        outbound[from, default: []].append(GraphEdgeEnd(type: type, node: to))
        inbound[to, default: []].append(GraphEdgeEnd(type: type, node: from))
    }

    /// Sets every node's ancestors: the nodes above it along default edges, nearest first.
    func findAncestors() {
        for id in order {
            var ancestors: [String] = []
            var seen: Set<String> = [id]
            var frontier = [id]
            while !frontier.isEmpty {
                var next: [String] = []
                for current in frontier {
                    for end in inbound[current] ?? [] where end.type == "default" && seen.insert(end.node).inserted {
                        ancestors.append(end.node)
                        next.append(end.node)
                    }
                }
                frontier = next
            }
            nodes[id]?.ancestors = ancestors
        }
    }

    /// The node whose `reported.id` is `cloudId`, for tests that name nodes as a collector does.
    func node(reportedId cloudId: String) -> GraphNode? {
        order.lazy.compactMap { self.nodes[$0] }.first { $0.reported["id"] == .string(cloudId) }
    }

    func forEachNode(ofKinds kinds: Set<String>?, _ body: (GraphNode) throws -> Bool) throws {
        kindsRead.append(kinds)
        for id in order {
            guard let node = nodes[id], kinds?.contains(node.kind) ?? true else { continue }
            guard try body(node) else { return }
        }
    }

    func node(id: String) throws -> GraphNode? {
        nodeLookups += 1
        return nodes[id]
    }

    func edges(of id: String, _ direction: GraphEdgeDirection) throws -> [GraphEdgeEnd] {
        (direction == .inbound ? inbound[id] : outbound[id]) ?? []
    }

    /// The example collector's graph as fixworker 4.2.0 merges it (captured in Fixtures), with
    /// its model's kinds, and its deferred edge (someInstance1 -> someInstance2) resolved by its
    /// search criteria unless `resolvingDeferredEdges` is false.
    static func exampleCollector(resolvingDeferredEdges: Bool = true) throws -> GraphQueryMemorySource {
        let model = try JSONValue(jsonData: try fixture("graph-query-example-model", "json"))
        var bases: [String: [String]] = [:]
        for kind in model.arrayValue ?? [] {
            guard let name = kind["fqn"]?.stringValue else { continue }
            bases[name] = kind["bases"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let source = GraphQueryMemorySource(kinds: GraphKinds(bases: bases))
        var deferred: [(from: String, criteria: String, type: String)] = []
        let text = String(decoding: try fixture("graph-query-example-merge", "ndjson"), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let item = try JSONValue(jsonText: String(line))
            if let id = item["id"]?.stringValue, let reported = item["reported"] {
                let kind = reported["kind"]?.stringValue ?? ""
                source.add(GraphNode(id: id, kind: kind, reported: reported, metadata: item["metadata"] ?? [:]))
            } else if let from = item["from"]?.stringValue, let to = item["to"]?.stringValue {
                source.connect(from, to, item["edge_type"]?.stringValue ?? "default")
            } else if let from = item["from_selector"]?["node_id"]?.stringValue,
                let criteria = item["to_selector"]?["search_criteria"]?.stringValue
            {
                deferred.append((from, criteria, item["edge_type"]?.stringValue ?? "default"))
            }
        }
        for edge in deferred where resolvingDeferredEdges {
            let filter = try GraphQuery(parsing: edge.criteria).filter
            for id in source.order where try filter.matches(source.nodes[id]!, source: source, section: nil) {
                source.connect(edge.from, id, edge.type)
            }
        }
        source.findAncestors()
        return source
    }

    private static func fixture(_ name: String, _ ext: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
