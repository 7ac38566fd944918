/// One node of the resource graph as Fix Inventory's actors send it and read it back: its node
/// id, its kind, and the sections `reported` (what the collector found), `metadata` (what the
/// collector and the core know about it) and `desired` (what should happen to it).
///
/// Rota keeps every graph node as a resource; a resource that came from Rota's own collectors
/// is seen as a node too (its attributes, id, kind, name, tags and ctime as `reported`). The
/// core's own facts are written into the sections whatever the collector sent:
/// `metadata.cleaned`, `metadata.protected` and `desired.clean`.
public struct GraphNode: Sendable, Hashable {
    /// The node id, unique in the inventory (the resource's id).
    public var id: String
    /// The node's own kind, as `reported.kind` gives it.
    public var kind: String
    /// An object; `reported.id` is the cloud's id of the resource, not the node id.
    public var reported: JSONValue
    public var metadata: JSONValue
    public var desired: JSONValue
    /// The ids of the node's ancestors along default edges, nearest first.
    public var ancestors: [String]

    public init(
        id: String, kind: String, reported: JSONValue, metadata: JSONValue = [:], desired: JSONValue = [:], ancestors: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.reported = reported
        self.metadata = metadata
        self.desired = desired
        self.ancestors = ancestors
    }

    /// The value of a section: `reported`, `metadata`, `desired`, or `id` (the node id).
    public func section(_ name: String) -> JSONValue? {
        switch name {
        case "id": .string(id)
        case "kind": .string(kind)
        case "reported": reported
        case "metadata": metadata
        case "desired": desired
        default: nil
        }
    }
}
