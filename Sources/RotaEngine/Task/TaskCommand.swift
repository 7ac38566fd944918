import Foundation
import RotaModel

/// What a running task asks its executor to do, in the order given.
public enum TaskCommand: Sendable, Hashable {
    /// Store the task's state (`RunningTask.snapshot`) before executing the commands that follow.
    case persist
    /// Publish a message on the bus: an `action` or `action_abort` goes to the subscribers of
    /// its message type, an event to every listener.
    case publish(Message)
    /// Run the command of an `execute_command` step and report back with `commandFinished`.
    case runCommand(String, step: String)
    /// Append an entry to the run's log.
    case log(TaskLogEntry)
    /// The run has ended; it becomes history.
    case finish(TaskOutcome)
}

/// How a run ended.
public enum TaskOutcome: Sendable, Hashable, Codable {
    /// Every step ran (a step may have had errors that its `Continue` policy let pass).
    case success
    /// A step failed or timed out under `Stop`.
    case failure(reason: String)
    /// The run was stopped from outside.
    case stopped(reason: String)

    /// Whether the run reached its end.
    public var isSuccess: Bool { self == .success }

    /// The outcome's name, as the API's history and `task_end` show it: `success`, `failure` or
    /// `stopped`.
    public var name: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure"
        case .stopped: return "stopped"
        }
    }
}

/// One entry of a run's log: notes and errors of actors, commands and the engine itself.
public struct TaskLogEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var level: InfoLevel
    public var step: String?
    public var subscriberId: SubscriberId?
    public var message: String

    public init(at: Date, level: InfoLevel, step: String?, subscriberId: SubscriberId? = nil, message: String) {
        self.at = at
        self.level = level
        self.step = step
        self.subscriberId = subscriberId
        self.message = message
    }
}
