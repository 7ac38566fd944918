import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs show ID`: one job as YAML.
struct JobsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one job as YAML.",
        discussion: """
            Besides the definition, the core adds its version and when its schedule runs it next \
            (scheduled_next). With --definition only the definition is printed, ready to be \
            applied with rota workflows apply.

            Example:
              $ rota jobs show nightly
              id: nightly
              active: true
              command: workflows run cleanup
              scheduled_next: "2026-11-24T03:00:00.000Z"
              timeout: 3600
              trigger:
                cron_expression: "0 3 * * *"
              version: 1
              wait: null
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @Flag(help: "Print only the definition (no version or schedule).")
    var definition = false

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let path = CoreConnection.path("jobs", id)
        let job = try await options.withAPI { api in
            definition ? try JobsCommand.definition(of: try await api.get(JobView.self, path), request: "GET \(path)") : try await api.get(path)
        }
        options.output(job) { Console.current.write(YAMLText.document($0)) }
    }
}
