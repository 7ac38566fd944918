/// An edge of a search's result: both of its ends are nodes of the same result.
public struct GraphResultEdge: Sendable, Hashable {
    public var from: String
    public var to: String
    /// `default`, `delete`, or another type a collector sent.
    public var type: String

    public init(from: String, to: String, type: String) {
        self.from = from
        self.to = to
        self.type = type
    }
}
