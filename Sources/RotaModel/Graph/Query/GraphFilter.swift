/// The filter of a graph query: which nodes it selects, as Fix Inventory's search syntax writes
/// it (`is(instance) and /metadata.cleaned != true`).
public indirect enum GraphFilter: Sendable, Hashable {
    /// Every node: `all`.
    case all
    /// Nodes whose kind is any of these through the model's bases: `is(instance, volume)`.
    case isKind([String])
    /// `path op value`.
    case comparison(GraphPath, GraphComparisonOperator, JSONValue)
    case not(GraphFilter)
    case and([GraphFilter])
    case or([GraphFilter])

    /// Whether `node` is selected; relative paths start at `section` (`reported`, `metadata`,
    /// `desired`, or nil for the node), as a collector's deferred-edge criteria are read.
    public func matches(_ node: GraphNode, source: any GraphNodeSource, section: String?) throws -> Bool {
        try matches(node, in: GraphQueryEvaluation(source: source, section: section))
    }

    func matches(_ node: GraphNode, in evaluation: GraphQueryEvaluation) throws -> Bool {
        switch self {
        case .all:
            return true
        case .isKind(let kinds):
            return kinds.contains { evaluation.kinds.isKind(node.kind, a: $0) }
        case .comparison(let path, let op, let operand):
            return op.holds(try evaluation.value(of: path, in: node), operand)
        case .not(let filter):
            return try !filter.matches(node, in: evaluation)
        case .and(let filters):
            for filter in filters where try !filter.matches(node, in: evaluation) { return false }
            return true
        case .or(let filters):
            for filter in filters where try filter.matches(node, in: evaluation) { return true }
            return false
        }
    }

    /// The only kinds of node this filter can select, with every kind the model says is one of
    /// them, so that a store reads only those; nil when it could select a node of any kind.
    public func prefilterKinds(in kinds: GraphKinds) -> Set<String>? {
        switch self {
        case .isKind(let names):
            return names.reduce(into: Set<String>()) { result, name in result.formUnion(kinds.kinds(thatAre: name)) }
        case .and(let filters):
            let restrictions = filters.compactMap { $0.prefilterKinds(in: kinds) }
            guard let first = restrictions.first else { return nil }
            return restrictions.dropFirst().reduce(first) { $0.intersection($1) }
        case .or(let filters):
            var union: Set<String> = []
            for filter in filters {
                guard let restriction = filter.prefilterKinds(in: kinds) else { return nil }
                union.formUnion(restriction)
            }
            return union
        case .all, .comparison, .not:
            return nil
        }
    }
}
