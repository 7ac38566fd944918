/// What the first reading of a graph merge learns, kept small enough for a million nodes: each
/// node's id and kind, the edges between nodes as pairs of numbers, the nodes whose subtrees
/// the merge replaces, and the deferred edges. From it, ``placement(of:)`` tells where a node
/// sits: its ancestors, its cloud, account and region, and its edges.
///
/// Nodes are numbered in the order the merge names them (by a node line or by an edge). The
/// `graph_root` node is structural: it is never stored and never anyone's ancestor. An edge to
/// a node the merge does not hold is dropped and noted as a problem.
public struct GraphMergeIndex: Sendable {
    /// The most deferred edges one merge may send.
    public static let maximumDeferredEdges = 100_000
    /// The most different searches its deferred edges may use: each reads the graph.
    public static let maximumDeferredSearches = 1_000
    /// The most node ids one merge may name (by node lines and edges together), and the most
    /// edges: they bound the memory of the first pass (about 100 bytes a node, 9 an edge).
    public static let maximumNodes = 4_000_000
    public static let maximumEdges = 16_000_000

    /// What a kind tells about a node's place: the ancestor kinds a resource is placed by.
    private struct Roles: OptionSet {
        let rawValue: UInt8
        static let cloud = Roles(rawValue: 1)
        static let account = Roles(rawValue: 2)
        static let region = Roles(rawValue: 4)
        static let graphRoot = Roles(rawValue: 8)
    }

    public let kinds: GraphKinds
    private var numbers: [String: Int32] = [:]
    private var ids: [String] = []
    /// Each node's kind as a number into `kindNames`; -1 until its node line is read.
    private var kindOf: [Int32] = []
    private var kindNames: [String] = []
    private var kindNumbers: [String: Int32] = [:]
    private var kindRoles: [Roles] = []
    /// `reported.id` of the nodes a resource is placed by (clouds, accounts, regions).
    private var placingIds: [Int32: String] = [:]
    private var edgeFrom: [Int32] = []
    private var edgeTo: [Int32] = []
    private var edgeType: [UInt8] = []
    private var typeNames: [String] = []
    private var typeNumbers: [String: UInt8] = [:]
    private var replaces: [Bool] = []
    /// Edge numbers by their end and by their start, after ``seal()``.
    private var inbound: Adjacency?
    private var outbound: Adjacency?
    public private(set) var replaceRoots: [String] = []
    public private(set) var deferredEdges: [GraphDeferredEdge] = []
    private var deferredSearches: Set<String> = []
    public private(set) var nodeCount = 0
    public private(set) var edgeCount = 0
    public private(set) var problems: [MergeProblem] = []
    public private(set) var problemCount = 0

    public init(kinds: GraphKinds) {
        self.kinds = kinds
    }

    /// Adds one line, read with ``GraphLineReader`` (skimming is enough).
    public mutating func add(_ line: GraphMergeLine, number: Int) throws(ResourceMergeError) {
        switch line {
        case .node(let node):
            let index = try self.number(of: node.id, line: number)
            guard kindOf[Int(index)] < 0 else {
                throw ResourceMergeError(line: number, path: "id", message: "\"\(node.id)\" appears on an earlier line of this merge")
            }
            let kind = kindNumber(of: node.kind)
            kindOf[Int(index)] = kind
            if !kindRoles[Int(kind)].intersection([.cloud, .account, .region]).isEmpty { placingIds[index] = node.reportedId }
            replaces[Int(index)] = node.replace && !kindRoles[Int(kind)].contains(.graphRoot)
            nodeCount += 1
        case .edge(let edge):
            guard edge.type.utf8.count <= GraphLineReader.maximumIdLength else {
                throw ResourceMergeError(line: number, path: "edge_type", message: "is too long")
            }
            let type: UInt8
            if let known = typeNumbers[edge.type] {
                type = known
            } else {
                guard typeNames.count < 255 else {
                    throw ResourceMergeError(line: number, path: "edge_type", message: "a merge may use at most 255 edge types")
                }
                type = UInt8(typeNames.count)
                typeNumbers[edge.type] = type
                typeNames.append(edge.type)
            }
            guard edgeFrom.count < Self.maximumEdges else {
                throw ResourceMergeError(line: number, path: "", message: "a merge may send at most \(Self.maximumEdges) edges")
            }
            edgeFrom.append(try self.number(of: edge.from, line: number))
            edgeTo.append(try self.number(of: edge.to, line: number))
            edgeType.append(type)
        case .deferredEdge(let edge):
            guard deferredEdges.count < Self.maximumDeferredEdges else {
                throw ResourceMergeError(line: number, path: "", message: "a merge may send at most \(Self.maximumDeferredEdges) deferred edges")
            }
            for case .search(let text) in [edge.from, edge.to] {
                deferredSearches.insert(text)
                guard deferredSearches.count <= Self.maximumDeferredSearches else {
                    throw ResourceMergeError(
                        line: number, path: "", message: "a merge's deferred edges may use at most \(Self.maximumDeferredSearches) different searches")
                }
            }
            deferredEdges.append(edge)
        }
    }

    /// Ends the first reading: drops edges to nodes without a node line (as problems) and finds
    /// the replaced subtrees; a merge must replace at least one.
    public mutating func seal() throws(ResourceMergeError) {
        var kept = 0
        for edge in edgeFrom.indices {
            let from = edgeFrom[edge]
            let to = edgeTo[edge]
            let missing = [from, to].first { kindOf[Int($0)] < 0 }
            if let missing {
                note(line: 0, id: ids[Int(missing)], "an edge names this node, but the merge holds no node with this id: the edge is dropped")
                continue
            }
            if isGraphRoot(from) || isGraphRoot(to) { continue }
            edgeFrom[kept] = from
            edgeTo[kept] = to
            edgeType[kept] = edgeType[edge]
            kept += 1
        }
        edgeFrom.removeLast(edgeFrom.count - kept)
        edgeTo.removeLast(edgeTo.count - kept)
        edgeType.removeLast(edgeType.count - kept)
        edgeCount = kept
        inbound = Adjacency(keys: edgeTo, count: ids.count)
        outbound = Adjacency(keys: edgeFrom, count: ids.count)
        replaceRoots = ids.indices.filter { replaces[$0] }.map { ids[$0] }
        guard !replaceRoots.isEmpty else {
            throw ResourceMergeError(
                line: 0, path: "metadata.replace",
                message: "no node has metadata.replace true: a merge replaces the subtree below such a node (a cloud or an account)")
        }
    }

    /// Whether the merge holds a node line with this id.
    public func contains(_ id: String) -> Bool {
        numbers[id].map { kindOf[Int($0)] >= 0 } ?? false
    }

    /// Where the node with this id sits, or nil for the graph root and ids the merge does not
    /// hold; only after ``seal()``.
    public func placement(of id: String) -> GraphPlacement? {
        guard let node = numbers[id], kindOf[Int(node)] >= 0, !isGraphRoot(node), let inbound, let outbound else { return nil }
        let defaultType = typeNumbers["default"]
        var ancestors: [Int32] = []
        var seen: Set<Int32> = [node]
        var frontier = [node]
        var parent: Int32?
        while !frontier.isEmpty {
            var next: [Int32] = []
            for child in frontier {
                for edge in inbound.edges(of: child) where edgeType[Int(edge)] == defaultType {
                    let ancestor = edgeFrom[Int(edge)]
                    if child == node, parent == nil { parent = ancestor }
                    guard seen.insert(ancestor).inserted else { continue }
                    ancestors.append(ancestor)
                    next.append(ancestor)
                }
            }
            frontier = next
        }
        let chain = [node] + ancestors
        func placing(_ role: Roles) -> String? {
            chain.first { kindRoles[Int(kindOf[Int($0)])].contains(role) }.flatMap { placingIds[$0] }
        }
        var edges: [GraphPlacement.Edge] = []
        for edge in inbound.edges(of: node) {
            edges.append(.init(direction: .inbound, type: typeNames[Int(edgeType[Int(edge)])], node: ids[Int(edgeFrom[Int(edge)])]))
        }
        for edge in outbound.edges(of: node) {
            edges.append(.init(direction: .outbound, type: typeNames[Int(edgeType[Int(edge)])], node: ids[Int(edgeTo[Int(edge)])]))
        }
        return GraphPlacement(
            cloud: placing(.cloud) ?? "", account: placing(.account) ?? "", region: placing(.region),
            parent: parent.map { ids[Int($0)] }, ancestors: ancestors.map { ids[Int($0)] },
            replaceRoot: chain.first { replaces[Int($0)] }.map { ids[Int($0)] }, edges: edges)
    }

    private func isGraphRoot(_ node: Int32) -> Bool {
        let kind = kindOf[Int(node)]
        return kind >= 0 && kindRoles[Int(kind)].contains(.graphRoot)
    }

    private mutating func number(of id: String, line: Int) throws(ResourceMergeError) -> Int32 {
        if let known = numbers[id] { return known }
        guard ids.count < Self.maximumNodes else {
            throw ResourceMergeError(line: line, path: "", message: "a merge may name at most \(Self.maximumNodes) nodes")
        }
        let number = Int32(ids.count)
        numbers[id] = number
        ids.append(id)
        kindOf.append(-1)
        replaces.append(false)
        return number
    }

    private mutating func kindNumber(of kind: String) -> Int32 {
        if let known = kindNumbers[kind] { return known }
        let number = Int32(kindNames.count)
        kindNumbers[kind] = number
        kindNames.append(kind)
        var roles: Roles = []
        if kinds.isKind(kind, a: "cloud") { roles.insert(.cloud) }
        if kinds.isKind(kind, a: "account") { roles.insert(.account) }
        if kinds.isKind(kind, a: "region") { roles.insert(.region) }
        if kind == "graph_root" { roles.insert(.graphRoot) }
        kindRoles.append(roles)
        return number
    }

    private mutating func note(line: Int, id: String, _ message: String) {
        problemCount += 1
        if problems.count < MergeSummary.maximumProblems { problems.append(MergeProblem(line: line, id: id, message: message)) }
    }

    /// Edge numbers grouped by one of their ends (compressed rows): the edges of node n are
    /// `order[start[n]..<start[n + 1]]`, in the order the merge sent them.
    private struct Adjacency: Sendable {
        private var start: [Int32]
        private var order: [Int32]

        init(keys: [Int32], count: Int) {
            start = Array(repeating: 0, count: count + 1)
            for key in keys { start[Int(key) + 1] += 1 }
            for node in 0..<count { start[node + 1] += start[node] }
            var next = start
            order = Array(repeating: 0, count: keys.count)
            for (edge, key) in keys.enumerated() {
                order[Int(next[Int(key)])] = Int32(edge)
                next[Int(key)] += 1
            }
        }

        func edges(of node: Int32) -> ArraySlice<Int32> {
            order[Int(start[Int(node)])..<Int(start[Int(node) + 1])]
        }
    }
}

/// Where a node of a merge sits in the graph, as its resource row keeps it.
public struct GraphPlacement: Sendable, Hashable {
    /// One edge of the node, seen from it.
    public struct Edge: Sendable, Hashable {
        public var direction: GraphEdgeDirection
        public var type: String
        public var node: String
    }

    /// `reported.id` of the nearest cloud along default edges (the node's own when it is one);
    /// empty when there is none.
    public var cloud: String
    /// `reported.id` of the nearest account; empty above accounts (a cloud node).
    public var account: String
    public var region: String?
    /// The node id of the first default-edge predecessor.
    public var parent: String?
    /// The node ids of all ancestors along default edges, nearest first.
    public var ancestors: [String]
    /// The node whose replaced subtree holds this node (itself, if it is one); nil above them.
    public var replaceRoot: String?
    public var edges: [Edge]
}
