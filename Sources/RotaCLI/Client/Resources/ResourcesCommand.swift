import ArgumentParser

/// `rota resources`: the inventory the collectors keep in the core.
struct ResourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources",
        abstract: "List and protect the resources the collectors found.",
        discussion: """
            The workers' collect merges each cloud account's resources into the core; \
            cleanup_plan marks the expired ones for cleanup and cleanup deletes them. A protected \
            resource is never marked, and so never deleted.

            Examples:
              rota resources list --expired     # what the next cleanup deletes
              rota resources list --cloud aws --tag env=dev --limit 50
              rota resources show i-0abc123
              rota resources protect i-0abc123
            """,
        subcommands: [ResourcesListCommand.self, ResourcesShowCommand.self, ResourcesProtectCommand.self, ResourcesUnprotectCommand.self]
    )
}
