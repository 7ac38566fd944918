/// What one evaluation of a query over a graph reads paths with: the source, the section
/// relative paths start at, and the ancestors already read and found, since the same few
/// clouds, accounts and regions are asked for by every node.
final class GraphQueryEvaluation {
    /// The most ancestor nodes, and lists of ancestor ids, kept at once; past it a cache starts
    /// again empty.
    private static let maxCachedAncestors = 10_000

    let source: any GraphNodeSource
    let kinds: GraphKinds
    let section: String?
    private var ancestors: [String: GraphNode] = [:]
    private var missingAncestors: Set<String> = []
    private var nearestByAncestors: [[String]: NearestAncestors] = [:]
    private var currentAncestors = NearestAncestors(ids: [])

    /// An evaluation over `source`; `section` is `reported`, `metadata`, `desired`, or nil (or
    /// `/`) for paths that start at the node.
    init(source: any GraphNodeSource, section: String?) throws(GraphQueryRunError) {
        switch section {
        case nil, "/": self.section = nil
        case "reported", "metadata", "desired": self.section = section
        case let other?: throw .unknownSection(other)
        }
        self.source = source
        kinds = source.kinds
    }

    /// The value at `path` in `node`; null when any part of it is missing.
    func value(of path: GraphPath, in node: GraphNode) throws -> JSONValue {
        if let section, !path.absolute {
            return try value(root: section, rest: path.segments[...], in: node, throughAncestors: true)
        }
        guard let root = path.segments.first else { return .null }
        return try value(root: root, rest: path.segments.dropFirst(), in: node, throughAncestors: true)
    }

    /// The nearest ancestor of `node` whose kind is `kind` through the model. Nodes with the same
    /// ancestors (the instances of one region) share what was found for the first of them.
    func ancestor(of node: GraphNode, kind: String) throws -> GraphNode? {
        if node.ancestors != currentAncestors.ids {
            if let known = nearestByAncestors[node.ancestors] {
                currentAncestors = known
            } else {
                if nearestByAncestors.count >= Self.maxCachedAncestors { nearestByAncestors.removeAll(keepingCapacity: true) }
                currentAncestors = NearestAncestors(ids: node.ancestors)
                nearestByAncestors[node.ancestors] = currentAncestors
            }
        }
        if let known = currentAncestors.byKind[kind] { return known }
        var found: GraphNode?
        for id in node.ancestors {
            guard let ancestor = try ancestor(id: id) else { continue }
            if kinds.isKind(ancestor.kind, a: kind) {
                found = ancestor
                break
            }
        }
        currentAncestors.byKind[kind] = .some(found)
        return found
    }

    /// The nearest ancestor of each kind asked for, for one list of ancestor ids.
    private final class NearestAncestors {
        let ids: [String]
        var byKind: [String: GraphNode?] = [:]

        init(ids: [String]) {
            self.ids = ids
        }
    }

    /// The value at `rest` under the node's section `root`; `ancestors.KIND.section...` is read
    /// from the ancestor, once (an ancestor's own ancestors are not followed).
    private func value(root: String, rest: ArraySlice<String>, in node: GraphNode, throughAncestors: Bool) throws -> JSONValue {
        if root == "ancestors" {
            guard throughAncestors, let kind = rest.first, let ancestorRoot = rest.dropFirst().first,
                let ancestor = try ancestor(of: node, kind: kind)
            else { return .null }
            return try value(root: ancestorRoot, rest: rest.dropFirst(2), in: ancestor, throughAncestors: false)
        }
        guard var value = node.section(root) else { return .null }
        for key in rest {
            guard let member = value[key] else { return .null }
            value = member
        }
        return value
    }

    private func ancestor(id: String) throws -> GraphNode? {
        if let cached = ancestors[id] { return cached }
        if missingAncestors.contains(id) { return nil }
        if ancestors.count + missingAncestors.count >= Self.maxCachedAncestors {
            ancestors.removeAll(keepingCapacity: true)
            missingAncestors.removeAll(keepingCapacity: true)
        }
        guard let node = try source.node(id: id) else {
            missingAncestors.insert(id)
            return nil
        }
        ancestors[id] = node
        return node
    }
}
