import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs activate ID`: lets the job's trigger start it again.
struct JobsActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Let a job's trigger start it.",
        discussion: """
            Example:
              $ rota jobs activate nightly
              activated job nightly; next run 2026-11-24 03:00:00Z
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let job = try await options.withAPI { api in try await api.post(CoreConnection.path("jobs", id, "activate")) }
        try options.output(job, as: JobView.self, request: "POST /jobs/\(id)/activate") { job in
            let next = JobsCommand.nextRunText(job)
            Console.current.print("activated job \(id)\(next)")
        }
    }
}
