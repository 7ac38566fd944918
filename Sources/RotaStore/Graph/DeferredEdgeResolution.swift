import RotaModel

/// The edges a merge's deferred edges stand for, the same for both stores: each selector's
/// nodes are found among the graph's nodes as they are once the merge's nodes are written, and
/// every node one end finds is joined to every node the other finds. An edge whose selectors
/// cannot be answered, find nothing, or would make too many edges is dropped with a problem.
enum DeferredEdgeResolution {
    /// The most edges one deferred edge may stand for (every node its `from` selector finds to
    /// every node its `to` selector finds).
    static let maximumEdgesPerDeferredEdge = 10_000

    /// One edge to store, under the replace node that owns it.
    struct Edge: Sendable {
        let owner: String
        let from: String
        let to: String
        let type: String
    }

    /// The edges of `index`'s deferred edges, their ends found in `source`; the edges dropped
    /// are noted in `summary`.
    static func edges(of index: GraphMergeIndex, in source: any GraphNodeSource, summary: inout GraphMergeSummary) throws -> [Edge] {
        guard !index.deferredEdges.isEmpty, let owner = index.replaceRoots.first else { return [] }
        var resolver = GraphSelectorResolver(source: source)
        var edges: [Edge] = []
        for edge in index.deferredEdges {
            let froms: [String]
            let tos: [String]
            switch (try resolver.nodes(edge.from), try resolver.nodes(edge.to)) {
            case (.found(let from), .found(let to)):
                froms = from
                tos = to
            case (.refused(let reason), _), (_, .refused(let reason)):
                summary.note(MergeProblem(line: 0, id: "\(edge.from)", message: "a deferred edge is dropped: \(reason)"))
                continue
            }
            if froms.isEmpty || tos.isEmpty {
                summary.note(MergeProblem(line: 0, id: "\(froms.isEmpty ? edge.from : edge.to)", message: "a deferred edge's selector found no node: the edge is dropped"))
            }
            guard froms.count * tos.count <= maximumEdgesPerDeferredEdge else {
                summary.note(
                    MergeProblem(
                        line: 0, id: "\(edge.from)",
                        message: "a deferred edge's selectors found \(froms.count) and \(tos.count) nodes, more than \(maximumEdgesPerDeferredEdge) edges: the edge is dropped"))
                continue
            }
            for from in froms {
                for to in tos where from != to {
                    edges.append(Edge(owner: index.placement(of: from)?.replaceRoot ?? owner, from: from, to: to, type: edge.type))
                }
            }
        }
        return edges
    }
}
