import ArgumentParser
import RotaClient
import RotaModel

/// `rota workflows stop TASK_ID`: ends a run; actors still working on its step get `action_abort`.
struct WorkflowsStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop a running run.",
        discussion: """
            The run ends as stopped; every actor that still owes its current step an answer \
            receives action_abort. Find the run's id with `rota workflows running`.

            Example:
              $ rota workflows stop 5c0e2f1a-4b7d-4e0e-9a39-0c6f2b1e9d11
              stopped run 5c0e2f1a-4b7d-4e0e-9a39-0c6f2b1e9d11
            """
    )

    @Argument(help: ArgumentHelp("The run's id.", valueName: "task-id"))
    var taskId: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let answer = try await options.withAPI { api in try await api.post(CoreConnection.path("tasks", taskId, "stop")) }
        options.output(answer) { _ in Console.current.print("stopped run \(taskId)") }
    }
}
