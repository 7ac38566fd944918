import ArgumentParser
import RotaClient
import RotaModel

/// `rota jobs delete ID`: removes a job.
struct JobsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a job.",
        discussion: """
            Its trigger stops at once; a run already going finishes.

            Example:
              $ rota jobs delete nightly
              deleted job nightly
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        try await options.withAPI { api in try await api.delete(CoreConnection.path("jobs", id)) }
        options.output(["deleted": .string(id)]) { _ in Console.current.print("deleted job \(id)") }
    }
}
