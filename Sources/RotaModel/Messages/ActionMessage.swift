/// The part every action message shares (`action`, `action_abort`, `action_done`,
/// `action_error`, `action_info`, `action_progress`): which action of which task it is about.
public struct ActionMessage: Sendable, Hashable {
    /// The message type the step performs, e.g. `collect`.
    public var messageType: String
    public var reference: ActionReference
    /// Further keys of `data` that Rota does not interpret (for an `action`, the task's
    /// metadata); kept so they travel unchanged.
    public var extra: [String: JSONValue]

    public init(messageType: String, reference: ActionReference, extra: [String: JSONValue] = [:]) {
        self.messageType = messageType
        self.reference = reference
        self.extra = extra
    }

    public init(messageType: String, task: TaskId, step: String, subscriberId: SubscriberId? = nil) {
        self.init(messageType: messageType, reference: ActionReference(task: task, step: step, subscriberId: subscriberId))
    }

    /// The keys of an action's `data` that Rota sets itself: a step's own action data may not
    /// name them. `attempt` counts the step's tries from 1, `input` is the run's input, and
    /// `traceparent` carries the step's trace context when the core exports traces.
    public static let reservedDataKeys: Set<String> = ["task", "step", "subscriber_id", "attempt", "input", "traceparent"]

    /// The task the action belongs to.
    public var task: TaskId { reference.task }
    /// The step of the task.
    public var step: String { reference.step }
    /// The subscriber that sent (or receives) the message, when known.
    public var subscriberId: SubscriberId? { reference.subscriberId }
}

/// The level of an `action_info` note.
public enum InfoLevel: String, Sendable, Hashable, Codable {
    case info
    case error
}
