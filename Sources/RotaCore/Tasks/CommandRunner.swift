import RotaEngine
import RotaModel

/// Runs the command of an `execute_command` step for the core.
public protocol CommandRunner: Sendable {
    /// Runs `command` for the run `taskId` of `workflow`; the result ends the step.
    func run(_ command: String, taskId: TaskId, workflow: Workflow) async -> CommandResult
}
