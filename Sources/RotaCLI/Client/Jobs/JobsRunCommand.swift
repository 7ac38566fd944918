import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs run ID [--input KEY=VALUE ...]`: starts a job now, whether it is active or not,
/// with an input when given.
struct JobsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a run of a job now.",
        discussion: """
            An inactive job runs too. A job triggered while it runs starts again once it has \
            finished (on_surpass Wait). Follow the run with rota workflows history job.ID and \
            rota workflows log TASK_ID.

            The run's input is given as for rota workflows run: --input KEY=TEXT (a string), \
            --input KEY:=JSON (any JSON value), or --input-json with the whole object (@FILE \
            reads it from a file). The job's command reads it as @input.KEY@.

            Examples:
              $ rota jobs run nightly
              started run 0b6c3f70-2a8e-4f55-8d0e-1b3c2d4e5f60 of job nightly

              $ rota jobs run notify --input channel=ops --input urgent:=true
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var input: RunInputOptions

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let body = RunInputOptions.body(try input.input())
        let answer = try await options.withAPI { api in try await api.post(CoreConnection.path("jobs", id, "run"), json: body) }
        try options.output(answer, as: RunStartAnswer.self, request: "POST /jobs/\(id)/run") { answer in
            switch answer.status {
            case .queued: Console.current.print("queued run \(HumanText.text(answer.taskId)) of job \(id): it starts when the active run ends")
            case .skipped: Console.current.print("skipped: a run of job \(id) is active and another one waits already")
            case .started: Console.current.print("started run \(HumanText.text(answer.taskId)) of job \(id)")
            }
        }
    }
}
