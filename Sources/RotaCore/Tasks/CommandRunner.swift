import Foundation
import RotaEngine
import RotaModel

/// Runs the command of an `execute_command` step for the core.
public protocol CommandRunner: Sendable {
    /// Runs `command` for a run; the result ends the step.
    func run(_ command: String, in context: CommandContext) async -> CommandResult
}

/// What a run's command may hand back to the core while it runs: the inputs of the core's one
/// ingress that commands use.
public protocol CoreInbox: Sendable {
    /// Starts a run of workflow `id` continuing `cascade`; returns once that is stored.
    func start(_ id: String, continuing cascade: Cascade, reason: String) async throws -> RunStart
    /// Takes a message from `origin`.
    func receive(_ message: Message, from origin: MessageOrigin) async
}

/// The run a command belongs to, and what it may use.
public struct CommandContext: Sendable {
    public let taskId: TaskId
    public let workflow: Workflow
    /// Seconds the step may take; a command still running then is stopped.
    public let timeout: TimeInterval
    /// The cascade the run's events carry: an event the command publishes carries it, and a run
    /// it starts takes it.
    public let cascade: Cascade
    /// The core, for commands that start workflows or publish events.
    public let core: any CoreInbox
    /// The run's input: what the command's `@input.KEY@` placeholders are filled with.
    public let input: [String: JSONValue]

    public init(taskId: TaskId, workflow: Workflow, timeout: TimeInterval, cascade: Cascade, core: any CoreInbox, input: [String: JSONValue] = [:]) {
        self.taskId = taskId
        self.workflow = workflow
        self.timeout = timeout
        self.cascade = cascade
        self.core = core
        self.input = input
    }
}
