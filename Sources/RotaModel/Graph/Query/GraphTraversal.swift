/// The walk of a navigation from the nodes a filter selected: breadth first, inbound and
/// outbound separately (never in and then out again), each node counted at the depth it is
/// first reached. It holds the ids of the nodes it reached, not the nodes.
struct GraphTraversal {
    let source: any GraphNodeSource
    let navigation: GraphNavigation
    /// The selected nodes, depth 0 of every walk.
    private var start: [String] = []
    /// The result's ids, in the order their nodes were given out.
    private var result: [String] = []
    private var inResult: Set<String> = []

    init(source: any GraphNodeSource, navigation: GraphNavigation) {
        self.source = source
        self.navigation = navigation
    }

    /// Records a selected node; true when it belongs to the result itself (depth 0 is in range).
    mutating func start(_ node: GraphNode) -> Bool {
        start.append(node.id)
        guard navigation.minDepth == 0, inResult.insert(node.id).inserted else { return false }
        result.append(node.id)
        return true
    }

    /// Walks inbound, then outbound, and gives `emit` each node reached within the depths that
    /// is not in the result yet.
    mutating func walk(_ emit: (GraphNode) throws -> Void) throws {
        if let types = navigation.inbound { try walk(.inbound, types, emit) }
        if let types = navigation.outbound { try walk(.outbound, types, emit) }
    }

    private mutating func walk(_ direction: GraphEdgeDirection, _ types: Set<String>, _ emit: (GraphNode) throws -> Void) throws {
        var seen = Set(start)
        var frontier = start
        var depth = 0
        while !frontier.isEmpty {
            if let maxDepth = navigation.maxDepth, depth >= maxDepth { return }
            depth += 1
            var next: [String] = []
            for id in frontier {
                for end in try source.edges(of: id, direction) where types.contains(end.type) && seen.insert(end.node).inserted {
                    next.append(end.node)
                    guard depth >= navigation.minDepth, !inResult.contains(end.node), let node = try source.node(id: end.node) else { continue }
                    inResult.insert(end.node)
                    result.append(end.node)
                    try emit(node)
                }
            }
            frontier = next
        }
    }

    /// Gives `emit` each edge of the navigation's types between two nodes of the result, once.
    func edges(_ emit: (GraphResultEdge) throws -> Void) throws {
        let types = navigation.edgeTypes
        for id in result {
            var sent: Set<GraphEdgeEnd> = []
            for end in try source.edges(of: id, .outbound)
            where types.contains(end.type) && inResult.contains(end.node) && sent.insert(end).inserted {
                try emit(GraphResultEdge(from: id, to: end.node, type: end.type))
            }
        }
    }
}
