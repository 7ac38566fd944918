/// The texts a resource row keeps its graph placement in: the ancestors as a JSON array of node
/// ids, nearest first, and the edges as a JSON array of `[direction, type, node]` triples
/// (`["out", "delete", "q-ewF..."]`).
extension GraphPlacement {
    public var ancestorsText: String {
        JSONValue.array(ancestors.map(JSONValue.string)).jsonText
    }

    public var edgesText: String {
        JSONValue.array(edges.map { edge in [.string(edge.direction == .inbound ? "in" : "out"), .string(edge.type), .string(edge.node)] })
            .jsonText
    }

    /// The ancestors kept by ``ancestorsText``; an unreadable text holds none.
    public static func ancestors(fromText text: String) -> [String] {
        (try? JSONValue(jsonText: text))?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The edges kept by ``edgesText`` that go `direction`; an unreadable text holds none.
    public static func edges(fromText text: String, _ direction: GraphEdgeDirection) -> [GraphEdgeEnd] {
        let wanted = direction == .inbound ? "in" : "out"
        return ((try? JSONValue(jsonText: text))?.arrayValue ?? []).compactMap { element in
            guard let triple = element.arrayValue, triple.count == 3, triple[0].stringValue == wanted,
                let type = triple[1].stringValue, let node = triple[2].stringValue
            else { return nil }
            return GraphEdgeEnd(type: type, node: node)
        }
    }

    /// How ``ancestorsText`` writes one id, to find the rows below a node with `instr`.
    public static func ancestorPattern(_ id: String) -> String {
        JSONValue.string(id).jsonText
    }
}
