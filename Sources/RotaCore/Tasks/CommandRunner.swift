import Foundation
import RotaEngine
import RotaModel

/// Runs the command of an `execute_command` step for the core.
public protocol CommandRunner: Sendable {
    /// Runs `command` for a run; the result ends the step.
    func run(_ command: String, in context: CommandContext) async -> CommandResult
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
    /// The task handler, for commands that start workflows or publish events.
    public let taskHandler: TaskHandler
}
