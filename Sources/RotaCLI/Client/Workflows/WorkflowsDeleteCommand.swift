import ArgumentParser
import RotaClient
import RotaModel

/// `rota workflows delete ID`: removes a workflow users made.
struct WorkflowsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a workflow.",
        discussion: """
            Its triggers stop at once; runs already going finish. The default workflows cannot \
            be deleted.

            Example:
              $ rota workflows delete nightly-cleanup
              deleted workflow nightly-cleanup
            """
    )

    @Argument(help: "The workflow's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        try await options.withAPI { api in try await api.delete(CoreConnection.path("workflows", id)) }
        options.output(["deleted": .string(id)]) { _ in Console.current.print("deleted workflow \(id)") }
    }
}
