import ArgumentParser
import RotaModel

/// `rota subscribers list`: every subscriber with its subscriptions.
struct SubscribersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every subscriber, one line per subscription.",
        discussion: """
            Example:
              $ rota subscribers list
              SUBSCRIBER    MESSAGE TYPE      WAIT  TIMEOUT
              rota.metrics  generate_metrics  yes    10m00s
              rota.worker   cleanup           yes     1h00m
              rota.worker   cleanup_plan      yes    10m00s
              rota.worker   collect           yes     1h00m
            """
    )

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let subscribers = try await options.withAPI { api in try await api.get("/subscribers") }
        try options.output(subscribers, as: [Subscriber].self, request: "GET /subscribers") { subscribers in
            guard !subscribers.isEmpty else {
                Console.current.print("no actor has subscribed")
                return
            }
            Console.current.print(SubscribersCommand.table(subscribers))
        }
    }
}
