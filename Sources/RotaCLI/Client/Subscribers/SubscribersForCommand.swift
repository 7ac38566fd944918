import ArgumentParser
import RotaClient
import RotaModel

/// `rota subscribers for TYPE`: who performs an action, and so who a step of that type waits for.
struct SubscribersForCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "for",
        abstract: "List the subscribers of one message type.",
        discussion: """
            These are the actors a step performing this action sends it to; the step waits for \
            those whose WAIT is yes.

            Example:
              $ rota subscribers for collect
              SUBSCRIBER   MESSAGE TYPE  WAIT  TIMEOUT
              rota.worker  collect       yes     1h00m
            """
    )

    @Argument(help: ArgumentHelp("The message type, e.g. collect.", valueName: "message-type"))
    var messageType: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let subscribers = try await options.withAPI { api in try await api.get(CoreConnection.path("subscribers", "for", messageType)) }
        try options.output(subscribers, as: [Subscriber].self, request: "GET /subscribers/for/\(messageType)") { subscribers in
            guard !subscribers.isEmpty else {
                Console.current.print("no actor subscribes to \(messageType)")
                return
            }
            Console.current.print(SubscribersCommand.table(subscribers, only: messageType))
        }
    }
}
