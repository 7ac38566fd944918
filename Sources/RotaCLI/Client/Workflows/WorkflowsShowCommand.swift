import ArgumentParser
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

    /// The keys of a workflow's definition, as opposed to what the core adds to it.
    static let definitionKeys = ["id", "name", "on_surpass", "environment", "triggers", "steps"]

    @Argument(help: "The workflow's id.")
    var id: String

    @Flag(help: "Print only the definition (no version, schedule or subscriber information).")
    var definition = false

    @OptionGroup var options: CoreOptions

    func run() async throws {
        var workflow = try await options.withAPI { api in try await api.get(CoreConnection.path("workflows", id)) }
        if definition, case .object(let members) = workflow {
            workflow = .object(members.filter { Self.definitionKeys.contains($0.key) })
        }
        options.output(workflow) { Console.current.write(YAMLText.document($0)) }
    }
}
