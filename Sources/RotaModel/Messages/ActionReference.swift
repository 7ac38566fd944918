/// Identifies the action a message is about: the task, its step, and the subscriber that
/// answers (set by the core from the connection, never trusted from the sender).
public struct ActionReference: Sendable, Hashable {
    /// The id of the running task.
    public var task: TaskId
    /// The name of the task's step.
    public var step: String
    /// The subscriber the message came from or goes to, when known.
    public var subscriberId: SubscriberId?

    public init(task: TaskId, step: String, subscriberId: SubscriberId? = nil) {
        self.task = task
        self.step = step
        self.subscriberId = subscriberId
    }

    /// The fields as they appear in a message's `data`.
    var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = ["task": .string(task), "step": .string(step)]
        if let subscriberId { fields["subscriber_id"] = .string(subscriberId) }
        return fields
    }
}

/// The id of a running task (one run of a workflow).
public typealias TaskId = String

/// The id of a subscriber: an actor that subscribes to message types.
public typealias SubscriberId = String
