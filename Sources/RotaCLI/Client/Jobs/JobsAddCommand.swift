import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs add ID ...`: creates a job from options.
struct JobsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a job: one command with one trigger.",
        discussion: """
            Give the trigger (--schedule CRON or --event TYPE with an optional --filter), the \
            command, and optionally an event to wait for once triggered (--wait-for-event with \
            --wait-filter and --wait-timeout). Durations are written 30s, 10m, 2h, 1h30m or 1d. \
            A job with this id must not exist yet; change one with rota jobs update.

            Examples:
              $ rota jobs add nightly --schedule "0 3 * * *" \\
                  --command "workflows run cleanup"
              added job nightly; next run 2026-11-24 03:00:00Z

              rota jobs add after-deploy --event deployed \\
                  --wait-for-event collect_done --wait-timeout 30m \\
                  --command "events emit deployment_collected"
              rota jobs add notify-failures --event task_end \\
                  --filter '{"success": false}' --timeout 30s \\
                  --command 'http post https://hooks.example.com/rota'
            """
    )

    @Argument(help: "The job's id: letters, digits, _ - and ., starting with a letter or digit.")
    var id: String

    @OptionGroup var job: JobOptions

    @Flag(help: "Add the job inactive: it runs only when started by hand.")
    var inactive = false

    @OptionGroup var options: CoreOptions

    func validate() throws {
        guard job.schedule != nil || job.event != nil else {
            throw ValidationError("give the job a trigger: --schedule \"0 3 * * *\" or --event TYPE")
        }
        guard job.command != nil else { throw ValidationError("give the job's command, e.g. --command \"workflows run cleanup\"") }
        _ = try definition()
    }

    /// The job's JSON as the options give it, checked as the core will check it.
    private func definition() throws -> [String: JSONValue] {
        var definition: [String: JSONValue] = ["id": .string(id), "active": .bool(!inactive)]
        try job.apply(to: &definition)
        try JobsCommand.check(.object(definition))
        return definition
    }

    func run() async throws {
        let definition = try definition()
        let stored = try await options.withAPI { api in
            let path = CoreConnection.path("jobs", id)
            do {
                _ = try await api.get(path)
                Console.current.printError("error: the job \(id) exists already; change it with rota jobs update \(id), or delete it first")
                throw ExitCode.failure
            } catch let error as CoreAPIError where error.status == 404 {
                return try await api.put(path, json: .object(definition))
            }
        }
        try options.output(stored, as: JobView.self, request: "PUT \(CoreConnection.path("jobs", id))") { stored in
            let next = JobsCommand.nextRunText(stored)
            Console.current.print("added job \(id)\(next)")
        }
    }
}
