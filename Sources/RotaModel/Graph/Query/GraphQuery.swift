/// A graph search as Fix Inventory's actors send it to `search/graph`: a filter, optionally
/// followed by a navigation. The worker's cleanup search is one:
/// `/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true <-default,delete[0:]->`.
public struct GraphQuery: Sendable, Hashable {
    public var filter: GraphFilter
    public var navigation: GraphNavigation?

    public init(filter: GraphFilter, navigation: GraphNavigation? = nil) {
        self.filter = filter
        self.navigation = navigation
    }

    /// Reads a search, refusing (with the offset and what Rota supports) anything outside the
    /// subset: sort, limit, with(...), full-text search, regular expressions, more than one part.
    public init(parsing text: String) throws(GraphQueryError) {
        var parser = try GraphQueryParser(text)
        parser.scanner.skipWhitespace()
        guard !parser.scanner.isAtEnd else {
            throw parser.scanner.error("the query is empty; expected a filter (\(GraphQueryParser.filterList))")
        }
        filter = try parser.parseFilter()
        navigation = try parser.parseNavigation()
        try parser.expectEnd(afterNavigation: navigation != nil)
    }

    /// The kinds a store needs to read to find the nodes the filter selects; nil for all.
    public func prefilterKinds(in kinds: GraphKinds) -> Set<String>? {
        filter.prefilterKinds(in: kinds)
    }

    /// Answers the search over `source`: calls `node` for each node of the result, then `edge`
    /// for each edge of the navigation's types whose two ends are both in the result, each once.
    /// Without a navigation the result is the nodes the filter selects, streamed as they are
    /// found, and no edges. With one, the result is the nodes between its depths (depth 0 being
    /// the selected nodes), walking inbound and outbound separately; only node ids are held.
    /// Relative paths start at `section`. Throws `GraphQueryRunError.tooManyNodes` as soon as
    /// the result would hold more than `limit` nodes.
    public func run(
        source: any GraphNodeSource, section: String?, limit: Int,
        node: (GraphNode) throws -> Void, edge: (GraphResultEdge) throws -> Void
    ) throws {
        let evaluation = try GraphQueryEvaluation(source: source, section: section)
        var emitted = 0
        func emit(_ found: GraphNode) throws {
            emitted += 1
            guard emitted <= limit else { throw GraphQueryRunError.tooManyNodes(limit: limit) }
            try node(found)
        }
        let kinds = prefilterKinds(in: evaluation.kinds)
        guard let navigation else {
            try source.forEachNode(ofKinds: kinds) { candidate in
                if try filter.matches(candidate, in: evaluation) { try emit(candidate) }
                return true
            }
            return
        }
        var traversal = GraphTraversal(source: source, navigation: navigation)
        try source.forEachNode(ofKinds: kinds) { candidate in
            if try filter.matches(candidate, in: evaluation), traversal.start(candidate) { try emit(candidate) }
            return true
        }
        try traversal.walk(emit)
        try traversal.edges(edge)
    }
}
