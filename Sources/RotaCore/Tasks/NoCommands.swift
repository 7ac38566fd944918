import RotaEngine
import RotaModel

/// A command runner for a core that runs no commands: every command fails with the reason.
struct NoCommands: CommandRunner {
    func run(_ command: String, taskId: TaskId, workflow: Workflow) async -> CommandResult {
        .failure("this core runs no commands")
    }
}
