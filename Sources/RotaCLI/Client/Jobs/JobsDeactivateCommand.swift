import ArgumentParser
import RotaClient
import RotaModel

/// `rota jobs deactivate ID`: keeps the job but stops its trigger.
struct JobsDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Stop a job's trigger from starting it; rota jobs run still does.",
        discussion: """
            Example:
              $ rota jobs deactivate nightly
              deactivated job nightly
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let job = try await options.withAPI { api in try await api.post(CoreConnection.path("jobs", id, "deactivate")) }
        options.output(job) { _ in Console.current.print("deactivated job \(id)") }
    }
}
