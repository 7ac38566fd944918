import ArgumentParser

/// `rota workflows`: the workflows of a running core, their runs and their history, and the
/// definition files users write.
struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows",
        abstract: "List, run, follow and change the workflows of a core.",
        discussion: """
            A workflow is a state machine of steps started by cron or by events (docs/WORKFLOWS.md). \
            A run of it is a task with its own id; finished runs are kept as history.

            Examples:
              rota workflows list
              rota workflows run collect --wait
              rota workflows running
              rota workflows history collect --has-errors --limit 5
              rota workflows task 5c0e2f1a-...
              rota workflows log 5c0e2f1a-...
              rota workflows validate nightly.yaml && rota workflows apply nightly.yaml

            Every command but validate talks to the core at --core (env ROTA_CORE, default \
            http://localhost:8900); --json prints the core's JSON as it is.
            """,
        subcommands: [
            WorkflowsListCommand.self, WorkflowsShowCommand.self, WorkflowsRunCommand.self, WorkflowsStopCommand.self,
            WorkflowsRunningCommand.self, WorkflowsTaskCommand.self, WorkflowsHistoryCommand.self, WorkflowsLogCommand.self,
            WorkflowsApplyCommand.self, WorkflowsDeleteCommand.self, WorkflowsValidateCommand.self,
        ]
    )
}
