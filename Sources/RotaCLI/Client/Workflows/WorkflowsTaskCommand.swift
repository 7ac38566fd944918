import ArgumentParser
import Foundation
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows task TASK_ID`: one run, queued, running or finished, with its input and steps.
struct WorkflowsTaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Show one run: its state, input and steps.",
        discussion: """
            Shows the run's workflow and state, its input, and each step with its state, start, \
            duration, attempts (more than 1 when the step was tried again), errors and the \
            subscribers it asked with their answers. A running run says whom its step waits for, \
            or when the step's next attempt begins. Find the run's id with `rota workflows \
            running` or `rota workflows history`.

            Example:
              $ rota workflows task 7d1e0c52-9b7a-4f0e-8c61-2a4b5c6d7e8f
              run 7d1e0c52-9b7a-4f0e-8c61-2a4b5c6d7e8f of collect-one-account, version 1
              state:   success in 1m12s, 1 error
              started: 2026-12-01 14:04:00Z
              input:   {"account":"123456789012"}

              STEP     STATE      STARTED               DURATION  ATTEMPTS  ERRORS  SUBSCRIBERS
              collect  succeeded  2026-12-01 14:04:00Z  1m12s            2       1  worker-1 done
            """
    )

    @Argument(help: ArgumentHelp("The run's id.", valueName: "task-id"))
    var taskId: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let task = try await options.withAPI { api in try await api.get(CoreConnection.path("tasks", taskId)) }
        try options.output(task, as: RunView.self, request: "GET /tasks/\(taskId)") { run in
            for line in RunText.lines(of: run, now: Date()) { Console.current.print(line) }
        }
    }
}
