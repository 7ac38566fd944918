import ArgumentParser

/// `rota events`: the core's message bus, followed or sent to.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Follow the messages on the core's bus, or send an event.",
        discussion: """
            Without a subcommand, `rota events` follows the bus (rota events follow).

            Examples:
              rota events                                   # every message, until Ctrl-C
              rota events --show task_start,task_end
              rota events emit cleanup_approved '{"team": "platform"}'
            """,
        subcommands: [EventsFollowCommand.self, EventsEmitCommand.self],
        defaultSubcommand: EventsFollowCommand.self
    )
}
