import RotaModel

/// Something that happens to a running task. Each is handed to `RunningTask.handle` together
/// with the time it happened; the task answers with the commands to execute.
public enum TaskInput: Sendable, Hashable {
    /// Begin the first step.
    case start
    /// A message from the bus: an actor's `action_done`, `action_error`, `action_info` or
    /// `action_progress` (with `subscriber_id` stamped by the core), or any event.
    case message(Message)
    /// The command of an `execute_command` step has finished.
    case commandFinished(step: String, result: CommandResult)
    /// The clock moved on: a step whose deadline has passed times out.
    case tick
    /// Stop the run; pending subscribers receive `action_abort`.
    case stop(reason: String)
    /// A subscriber lost its subscription to `messageType`, or all of them when nil, and is no
    /// longer waited for.
    case subscriberRemoved(SubscriberId, messageType: String?)
}

/// How a command of an `execute_command` step ended.
public enum CommandResult: Sendable, Hashable, Codable {
    /// It succeeded; `output` goes to the run's log when it is not empty.
    case success(output: String)
    /// It failed, for the reason given.
    case failure(String)
}
