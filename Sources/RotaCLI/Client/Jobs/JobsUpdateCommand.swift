import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota jobs update ID ...`: changes only the given fields of a job.
struct JobsUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change some fields of a job; the others stay as they are.",
        discussion: """
            The job is read from the core, the given options change it, and it is stored again \
            as a new version. --schedule or --event replaces the trigger; --filter alone changes \
            the filter of an event trigger; --no-wait removes the event the job waits for.

            Examples:
              $ rota jobs update nightly --schedule "30 3 * * *"
              updated job nightly (version 2); next run 2026-11-24 03:30:00Z

              rota jobs update notify-failures --timeout 1m \\
                  --command 'http post https://hooks.example.com/v2'
              rota jobs update after-deploy --no-wait
            """
    )

    @Argument(help: "The job's id.")
    var id: String

    @OptionGroup var job: JobOptions

    @Flag(help: "Run the command at once when triggered, without waiting for an event.")
    var noWait = false

    @OptionGroup var options: CoreOptions

    func validate() throws {
        guard job.changesAnything || noWait else {
            throw ValidationError("nothing to change: give at least one of --schedule, --event, --filter, --wait-for-event, --wait-filter, --wait-timeout, --no-wait, --timeout, --command")
        }
        if noWait, job.waitForEvent != nil || job.waitFilter != nil || job.waitTimeout != nil {
            throw ValidationError("--no-wait removes the wait; it cannot go with --wait-for-event, --wait-filter or --wait-timeout")
        }
    }

    func run() async throws {
        let path = CoreConnection.path("jobs", id)
        let (stored, previousVersion) = try await options.withAPI { api in
            let current = try await api.get(JobView.self, path)
            var definition = try JobsCommand.definition(of: current, request: "GET \(path)").objectValue ?? [:]
            do {
                try job.apply(to: &definition)
                if noWait { definition["wait"] = .null }
                try JobsCommand.check(.object(definition))
            } catch let error as ValidationError {
                throw Console.current.refuse(error.message)
            }
            return (try await api.put(path, json: .object(definition)), current.version)
        }
        try options.output(stored, as: JobView.self, request: "PUT \(CoreConnection.path("jobs", id))") { stored in
            let next = JobsCommand.nextRunText(stored)
            let outcome = stored.version == previousVersion ? "unchanged" : "updated"
            Console.current.print("\(outcome) job \(id) (version \(stored.version))\(next)")
        }
    }
}
