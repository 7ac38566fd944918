import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows log TASK_ID`: what happened in a run, running or finished.
struct WorkflowsLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the log of a run.",
        discussion: """
            The log holds the actors' notes (action_info), their errors, timeouts, and what the \
            commands of execute_command steps did.

            Example:
              $ rota workflows log 5c0e2f1a-4b7d-4e0e-9a39-0c6f2b1e9d11
              AT                    LEVEL  STEP     SUBSCRIBER  MESSAGE
              2026-11-23 10:00:02Z  info   collect  worker-1    collected 1200 resources
              2026-11-23 10:00:03Z  error  collect  worker-2    aws: access denied
            """
    )

    @Argument(help: ArgumentHelp("The run's id.", valueName: "task-id"))
    var taskId: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let entries = try await options.withAPI { api in try await api.get(CoreConnection.path("tasks", taskId, "log")) }
        try options.output(entries, as: [LogEntryView].self, request: "GET /tasks/\(taskId)/log") { list in
            guard !list.isEmpty else {
                Console.current.print("the run \(taskId) has no log entries")
                return
            }
            var table = TextTable([.init("AT"), .init("LEVEL"), .init("STEP"), .init("SUBSCRIBER"), .init("MESSAGE")])
            for entry in list {
                table.append([
                    HumanText.time(entry.at), entry.level, HumanText.text(entry.step), HumanText.text(entry.subscriberId), entry.message,
                ])
            }
            Console.current.print(table)
        }
    }
}
