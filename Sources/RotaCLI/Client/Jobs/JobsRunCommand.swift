import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs run ID`: starts a job now, whether it is active or not.
struct JobsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a run of a job now.",
        discussion: """
            An inactive job runs too. A job triggered while it runs starts again once it has \
            finished (on_surpass Wait). Follow the run with rota workflows history job.ID and \
            rota workflows log TASK_ID.

            Example:
              $ rota jobs run nightly
              started run 0b6c3f70-2a8e-4f55-8d0e-1b3c2d4e5f60 of job nightly
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let answer = try await options.withAPI { api in try await api.post(CoreConnection.path("jobs", id, "run")) }
        try options.output(answer, as: RunStartAnswer.self, request: "POST /jobs/\(id)/run") { answer in
            switch answer.status {
            case .queued: Console.current.print("queued run \(HumanText.text(answer.taskId)) of job \(id): it starts when the active run ends")
            case .skipped: Console.current.print("skipped: a run of job \(id) is active and another one waits already")
            case .started: Console.current.print("started run \(HumanText.text(answer.taskId)) of job \(id)")
            }
        }
    }
}
