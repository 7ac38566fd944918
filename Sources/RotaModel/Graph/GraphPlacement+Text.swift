/// The texts a resource row keeps its graph placement in: the ancestors as a JSON array of node
/// ids, nearest first, and the edges as a JSON array of `[direction, type, node]` triples
/// (`["out", "delete", "q-ewF..."]`).
extension GraphPlacement {
    public var ancestorsText: String {
        var writer = JSONWriter()
        writer.raw("[")
        for (position, ancestor) in ancestors.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.string(ancestor)
        }
        writer.raw("]")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    public var edgesText: String {
        var writer = JSONWriter()
        writer.raw("[")
        for (position, edge) in edges.enumerated() {
            writer.raw(position > 0 ? ",[" : "[")
            writer.raw(edge.direction == .inbound ? "\"in\"," : "\"out\",")
            writer.string(edge.type)
            writer.raw(",")
            writer.string(edge.node)
            writer.raw("]")
        }
        writer.raw("]")
        return String(decoding: writer.bytes, as: UTF8.self)
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
