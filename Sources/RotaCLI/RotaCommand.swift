import ArgumentParser

/// The `rota` command: every part of Rota behind one binary.
public struct RotaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rota",
        abstract: "Rota runs the workflows that keep a cloud inventory true.",
        discussion: """
            Workflows are state machines of steps, started by cron or by events; actors
            subscribe to the steps' actions and perform them.
            """,
        subcommands: [
            CoreCommand.self, UpCommand.self, WorkerCommand.self, MetricsCommand.self, CronCommand.self,
            WorkflowsCommand.self, JobsCommand.self, SubscribersCommand.self, EventsCommand.self, ResourcesCommand.self,
            AuditCommand.self, DatabaseCommand.self,
        ]
    )

    public init() {}
}
