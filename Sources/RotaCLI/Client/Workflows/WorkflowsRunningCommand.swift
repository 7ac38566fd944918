import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows running`: the runs in progress, with their current step and progress.
struct WorkflowsRunningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "running",
        abstract: "List the runs in progress.",
        discussion: """
            PROGRESS is the mean over the run's steps: an ended step counts 100 %, a running one \
            what its actors reported.

            The table shows each run's id, workflow, start, current step, progress and errors.

            Examples:
              rota workflows running
              rota workflows running --json
            """
    )

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let tasks = try await options.withAPI { api in try await api.get("/tasks") }
        try options.output(tasks, as: [TaskSummary].self, request: "GET /tasks") { list in
            guard !list.isEmpty else {
                Console.current.print("no run is in progress")
                return
            }
            var table = TextTable([
                .init("TASK ID"), .init("WORKFLOW"), .init("STARTED"), .init("STEP"), .init("PROGRESS", .right), .init("ERRORS", .right),
            ])
            for task in list {
                table.append([
                    task.taskId, task.workflow, HumanText.time(task.startedAt), HumanText.text(task.currentStep), HumanText.percent(task.progress),
                    HumanText.text(task.errors),
                ])
            }
            Console.current.print(table)
        }
    }
}
