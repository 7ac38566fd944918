/// Something that happened, published on the bus: a core event such as `task_end`, or an
/// event sent by a client such as `start_collect_workflow`.
public struct Event: Sendable, Hashable {
    /// What happened, e.g. `task_start`.
    public var messageType: String
    /// Anything; usually an object.
    public var data: JSONValue

    public init(messageType: String, data: JSONValue = [:]) {
        self.messageType = messageType
        self.data = data
    }
}
