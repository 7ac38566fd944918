/// Something that happened, published on the bus: a core event such as `task_end`, or an
/// event sent by a client such as `start_collect_workflow`.
public struct Event: Sendable, Hashable {
    /// The longest `id` read from a frame; a longer one is left out.
    public static let maximumIdLength = 128

    /// What happened, e.g. `task_start`.
    public var messageType: String
    /// Anything; usually an object.
    public var data: JSONValue
    /// The event's stable id, on the wire as the frame's `id`: the core gives one to every event
    /// it stores before publishing, so that an event published again after a crash is
    /// recognisable. Nil for an event without one.
    public var id: String?

    public init(messageType: String, data: JSONValue = [:], id: String? = nil) {
        self.messageType = messageType
        self.data = data
        self.id = id
    }
}
