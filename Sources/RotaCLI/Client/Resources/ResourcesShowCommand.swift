import ArgumentParser
import RotaClient
import RotaModel

/// `rota resources show ID`: one resource with everything the core knows of it, as YAML.
struct ResourcesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one resource as YAML.",
        discussion: """
            Example:
              $ rota resources show example-vol1
              id: example-vol1
              name: scratch
              account: demo
              attributes:
                volume_size: 100
              cloud: example
              ctime: "2026-11-13T00:00:00Z"
              kind: volume
              metadata:
                clean:
                  at: "2026-11-23T10:00:04Z"
                  reason: expired
                cleaned: null
                expires: "2026-11-20T00:00:00Z"
                first_seen: "2026-11-13T10:00:00Z"
                last_seen: "2026-11-23T10:00:00Z"
                protected: false
              region: eu-west-1
              tags:
                rota:expiration: "7d"
            """
    )

    @Argument(help: "The resource's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let resource = try await options.withAPI { api in try await api.get(CoreConnection.path("resources", id)) }
        options.output(resource) { Console.current.write(YAMLText.document($0)) }
    }
}
