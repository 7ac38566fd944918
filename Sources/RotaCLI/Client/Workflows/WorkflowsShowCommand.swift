import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows show ID`: one workflow as YAML, the form its definition files take.
struct WorkflowsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one workflow as YAML.",
        discussion: """
            Besides the definition, the core adds its version, when its schedule runs it next \
            (scheduled_next) and the steps no actor subscribes to yet (steps_without_subscribers). \
            With --definition only the definition is printed, ready to be edited and applied again.

            Examples:
              rota workflows show collect
              rota workflows show nightly-cleanup --definition > nightly-cleanup.yaml
            """
    )

    @Argument(help: "The workflow's id.")
    var id: String

    @Flag(help: "Print only the definition (no version, schedule or subscriber information).")
    var definition = false

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let path = CoreConnection.path("workflows", id)
        let workflow = try await options.withAPI { api in
            definition ? try await api.get(WorkflowView.self, path).definition : try await api.get(path)
        }
        options.output(workflow) { Console.current.write(YAMLText.document($0)) }
    }
}
