/// The navigation that ends a graph search: from the nodes the filter selects, along edges of
/// some types, inbound (`<-default-`), outbound (`-default->`) or both ways
/// (`<-default,delete[0:]->`), between two depths.
public struct GraphNavigation: Sendable, Hashable {
    /// The edge types followed inbound (towards predecessors); nil when the walk is outbound only.
    public var inbound: Set<String>?
    /// The edge types followed outbound (towards successors); nil when the walk is inbound only.
    public var outbound: Set<String>?
    /// The first depth whose nodes are in the result; 0 includes the nodes the filter selects.
    public var minDepth: Int
    /// The last depth walked; nil walks as far as the edges go.
    public var maxDepth: Int?

    public init(inbound: Set<String>?, outbound: Set<String>?, minDepth: Int = 1, maxDepth: Int? = 1) {
        self.inbound = inbound
        self.outbound = outbound
        self.minDepth = minDepth
        self.maxDepth = maxDepth
    }

    /// Every edge type the navigation follows: the edges of the result are of these types.
    public var edgeTypes: Set<String> {
        (inbound ?? []).union(outbound ?? [])
    }
}

extension GraphQueryParser {
    /// The navigation at the position, if one starts there: `<-types[a:b]-`,
    /// `-types[a:b]->`, or `<-types[a:b]types->`. Edge types default to `default`, the range to
    /// `[1:1]`; `[a]` is `[a:a]` and `[a:]` has no end.
    mutating func parseNavigation() throws(GraphQueryError) -> GraphNavigation? {
        scanner.skipWhitespace()
        let start = scanner.position
        if scanner.consume("<-") {
            let before = try parseEdgeTypes()
            let (minDepth, maxDepth) = try parseRange()
            let after = try parseEdgeTypes()
            if scanner.consume("->") {
                let inbound = before.isEmpty ? ["default"] : before
                return GraphNavigation(inbound: inbound, outbound: after.isEmpty ? inbound : after, minDepth: minDepth, maxDepth: maxDepth)
            }
            guard scanner.consume("-") else {
                throw scanner.error("expected - or -> to end the navigation that starts at \(start), as in <-default- or <-default,delete[0:]->")
            }
            return GraphNavigation(inbound: try oneWayTypes(before, after, at: start), outbound: nil, minDepth: minDepth, maxDepth: maxDepth)
        }
        guard scanner.peek() == "-", let next = scanner.peek(1), next == "-" || next == "[" || GraphQueryScanner.isWordStart(next) else {
            return nil
        }
        scanner.advance()
        let before = try parseEdgeTypes()
        let (minDepth, maxDepth) = try parseRange()
        let after = try parseEdgeTypes()
        guard scanner.consume("->") else {
            throw scanner.error("expected -> to end the navigation that starts at \(start), as in -default-> or -[0:2]->")
        }
        return GraphNavigation(inbound: nil, outbound: try oneWayTypes(before, after, at: start), minDepth: minDepth, maxDepth: maxDepth)
    }

    /// The types of a one-way navigation, written before or after its range but not both.
    private func oneWayTypes(_ before: Set<String>, _ after: Set<String>, at start: Int) throws(GraphQueryError) -> Set<String> {
        if !before.isEmpty, !after.isEmpty {
            throw scanner.error("edge types go before or after the [from:to] range, not both", at: start)
        }
        let types = before.union(after)
        return types.isEmpty ? ["default"] : types
    }

    /// Edge types separated by commas, possibly none.
    private mutating func parseEdgeTypes() throws(GraphQueryError) -> Set<String> {
        var types: Set<String> = []
        scanner.skipWhitespace()
        guard let first = scanner.readWord() else { return types }
        types.insert(first)
        scanner.skipWhitespace()
        while scanner.consume(",") {
            scanner.skipWhitespace()
            guard let type = scanner.readWord() else {
                throw scanner.error("expected an edge type (default, delete) after the comma, not \(describeNext())")
            }
            types.insert(type)
            scanner.skipWhitespace()
        }
        return types
    }

    /// `[a:b]`, `[a:]`, `[a]` (also with `,` or `..` between the numbers); `[1:1]` when absent.
    private mutating func parseRange() throws(GraphQueryError) -> (Int, Int?) {
        let start = scanner.position
        guard scanner.consume("[") else { return (1, 1) }
        scanner.skipWhitespace()
        guard let from = try readDepth() else {
            throw scanner.error("expected the depth the navigation starts at, as in [0:] or [1:2], not \(describeNext())")
        }
        scanner.skipWhitespace()
        var to: Int? = from
        if scanner.consume(":") || scanner.consume(",") || scanner.consume("..") {
            scanner.skipWhitespace()
            to = try readDepth()
            scanner.skipWhitespace()
        }
        guard scanner.consume("]") else {
            throw scanner.error("expected ] to close the range that starts at \(start), not \(describeNext())")
        }
        if let to, to < from {
            throw scanner.error("the range [\(from):\(to)] ends before it starts", at: start)
        }
        return (from, to)
    }

    private mutating func readDepth() throws(GraphQueryError) -> Int? {
        let start = scanner.position
        while let scalar = scanner.peek(), ("0"..."9").contains(scalar) { scanner.advance() }
        let digits = scanner.text(from: start)
        guard !digits.isEmpty else { return nil }
        guard digits.count <= 9, let depth = Int(digits), depth <= GraphQueryLimits.maxNavigationDepth else {
            throw scanner.error("a navigation's depth is at most \(GraphQueryLimits.maxNavigationDepth); leave the end out to walk without bound", at: start)
        }
        return depth
    }
}
