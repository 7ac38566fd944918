import ArgumentParser
import RotaModel

/// `rota subscribers`: the actors registered with the core and what they subscribed to.
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "List the actors registered with the core and their subscriptions.",
        discussion: """
            An actor subscribes to message types (collect, cleanup, ...); a step that performs an \
            action waits for every subscriber of its type that waits for completion, up to the \
            subscription's timeout.

            Examples:
              rota subscribers list
              rota subscribers show rota.worker
              rota subscribers for collect
            """,
        subcommands: [SubscribersListCommand.self, SubscribersShowCommand.self, SubscribersForCommand.self]
    )

    /// A table of subscribers, one row per subscription (only those of `messageType` when
    /// given): who, which type, whether steps wait for it and for how long.
    static func table(_ subscribers: [Subscriber], only messageType: String? = nil) -> TextTable {
        var table = TextTable([.init("SUBSCRIBER"), .init("MESSAGE TYPE"), .init("WAIT"), .init("TIMEOUT", .right)])
        for subscriber in subscribers {
            if subscriber.subscriptions.isEmpty { table.append([subscriber.id, "-", "", ""]) }
            for (type, subscription) in subscriber.subscriptions.sorted(by: { $0.key < $1.key }) where messageType == nil || type == messageType {
                table.append([subscriber.id, type, subscription.waitForCompletion ? "yes" : "no", HumanText.duration(subscription.timeout)])
            }
        }
        return table
    }
}
