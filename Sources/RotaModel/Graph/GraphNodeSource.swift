/// Where graph queries read nodes from: the store inside one read transaction, or nodes in
/// memory in tests. Its methods are synchronous and may throw the store's errors.
public protocol GraphNodeSource {
    /// The model's kinds, for `is(...)` and `/ancestors.KIND`.
    var kinds: GraphKinds { get }

    /// Calls `body` with every node whose own kind is in `kinds` (every node when nil), in any
    /// order, until it has seen them all or `body` returns false.
    func forEachNode(ofKinds kinds: Set<String>?, _ body: (GraphNode) throws -> Bool) throws

    /// The node with this id, or nil.
    func node(id: String) throws -> GraphNode?

    /// The edges that end at (`.inbound`) or start from (`.outbound`) the node, as the type of
    /// the edge and the id of the node at its other end.
    func edges(of id: String, _ direction: GraphEdgeDirection) throws -> [GraphEdgeEnd]
}

/// Which way an edge is followed.
public enum GraphEdgeDirection: Sendable, Hashable {
    /// From a node to its predecessors: `<--`.
    case inbound
    /// From a node to its successors: `-->`.
    case outbound
}

/// The far end of an edge, seen from one node.
public struct GraphEdgeEnd: Sendable, Hashable {
    /// `default` or `delete` (or any other type a collector sent).
    public var type: String
    public var node: String

    public init(type: String, node: String) {
        self.type = type
        self.node = node
    }
}
