import ArgumentParser
import RotaClient
import RotaModel

/// `rota subscribers show ID`: one subscriber as YAML.
struct SubscribersShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one subscriber and its subscriptions as YAML.",
        discussion: """
            Example:
              $ rota subscribers show rota.worker
              id: rota.worker
              subscriptions:
                collect:
                  message_type: collect
                  timeout: 3600
                  wait_for_completion: true
            """
    )

    @Argument(help: "The subscriber's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let subscriber = try await options.withAPI { api in try await api.get(CoreConnection.path("subscriber", id)) }
        options.output(subscriber) { Console.current.write(YAMLText.document($0)) }
    }
}
