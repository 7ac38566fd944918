import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore

/// Something `CoreMachine` asks its shell to do, in the order given.
public enum CoreAction: Sendable {
    /// Store a batch of changes in one transaction; report `stored` or `storeFailed`. A batch
    /// tried again after a failure comes with the time to wait first.
    case store(StoreBatch)
    /// Publish these messages on the bus, in order: messages of a stored batch, or messages
    /// relayed as they arrived (answers, clients' events, announcements).
    case publish([Message])
    /// Run the command of an `execute_command` step; report `commandFinished`.
    case runCommand(CommandOrder)
    /// Stop the command a run is running (the run ended, or is stored in its step as the core stops).
    case cancelCommand(TaskId)
    /// Everything handled up to this input number is stored: requests waiting for it go on.
    case resume(upTo: Int)
    /// Write a line to the core's log.
    case log(CoreLogLine)
    /// Count something in the core's metrics.
    case metric(CoreMetricEvent)
}

/// Changes to store in one transaction.
public struct StoreBatch: Sendable {
    /// The batch's number, for `stored` and `storeFailed`.
    public let number: Int
    public let changes: TaskChanges
    /// How long to wait before storing it: set when the last try failed.
    public let delay: Duration?
}

/// The command of an `execute_command` step, with what it may use.
public struct CommandOrder: Sendable {
    public let task: TaskId
    /// The command's number, for `commandFinished`: a later command of the same run replaces it.
    public let number: Int
    public let command: String
    public let step: String
    public let workflow: Workflow
    /// Seconds the step may take.
    public let timeout: TimeInterval
    /// The cascade the run's events carry.
    public let cascade: Cascade
    /// The run's input, for the command's `@input.KEY@` placeholders.
    public let input: [String: JSONValue]
}

/// A line for the core's log.
public struct CoreLogLine: Sendable {
    public let level: Logger.Level
    public let message: String
    public let metadata: [String: String]
}

/// What the core counts.
public enum CoreMetricEvent: Sendable, Hashable {
    case runStarted(workflow: String)
    case runFinished(workflow: String, outcome: String)
    case stepEnded(workflow: String, step: String, seconds: Double)
    case actionAnswered(messageType: String, seconds: Double)
}

/// The answer to a request among the inputs.
public enum CoreReply: Sendable {
    /// The input asks nothing.
    case none
    /// What a start request led to.
    case start(Result<RunStart, StartProblem>)
    /// Whether a stop request found a run to stop.
    case stop(Bool)
}

/// Why a run was not started at a request.
public enum StartProblem: Error, Sendable, Hashable {
    case unknownWorkflow(UnknownWorkflow)
    case cut(CascadeCut)
    /// The input does not fit the inputs the workflow declares.
    case invalidInput([DefinitionError])
}

/// What `CoreMachine` made of one input.
public struct CoreTransition: Sendable {
    /// What to do, in order.
    public var actions: [CoreAction]
    /// The answer, for a request.
    public var reply: CoreReply
    /// The number the stored inputs must reach before the input's consequences are durable; nil
    /// when it changed nothing that is stored.
    public var storedBy: Int?
}
