import ArgumentParser
import RotaAPI
import RotaClient
import RotaCore
import RotaModel

/// `rota jobs`: commands with one trigger, each run as a workflow of its own.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Add, change, run and remove jobs: one command with one trigger.",
        discussion: """
            A job runs one command (a Rota operation such as `workflows run cleanup` or `events \
            emit TYPE`) on a cron schedule or on an event, optionally after waiting for another \
            event. It runs as the workflow job.ID: its runs are in `rota workflows running` and \
            `rota workflows history job.ID`.

            Examples:
              rota jobs add nightly --schedule "0 3 * * *" \\
                  --command "workflows run cleanup"
              rota jobs add after-deploy --event deployed \\
                  --wait-for-event collect_done --wait-timeout 30m \\
                  --command "events emit deployment_collected"
              rota jobs add notify-failures --event task_end \\
                  --filter '{"success": false}' --timeout 30s \\
                  --command 'http post https://hooks.example.com/rota'
              rota jobs update nightly --schedule "30 3 * * *"
              rota jobs run nightly; rota jobs deactivate nightly; rota jobs delete nightly
            """,
        subcommands: [
            JobsListCommand.self, JobsShowCommand.self, JobsAddCommand.self, JobsUpdateCommand.self, JobsDeleteCommand.self,
            JobsRunCommand.self, JobsActivateCommand.self, JobsDeactivateCommand.self,
        ]
    )

    /// Checks a job's JSON as the core will, so that problems are named by the option that
    /// caused them: `--schedule "0 0 30 2 *": never fires: no month has such a day`.
    static func check(_ job: JSONValue) throws {
        var problems: [DefinitionError] = []
        do {
            _ = try Job(definition: job)
        } catch {
            problems = error.errors
        }
        problems += DefinitionFile.checks.problems(ofJob: job)
        guard !problems.isEmpty else { return }
        throw ValidationError(
            problems.map { problem in
                guard let flag = JobOptions.flag(for: problem.path) else { return problem.description }
                return "\(flag): \(problem.message)"
            }.joined(separator: "\n"))
    }

    /// A one-line description of what starts a job, and what it waits for.
    static func triggerText(_ job: JobView) -> String {
        let trigger = HumanText.trigger(job.trigger)
        guard let wait = job.wait else { return trigger }
        let filter = wait.filterData.map { " \(JSONValue.object($0).jsonText)" } ?? ""
        return "\(trigger), then waits for \(wait.messageType)\(filter) within \(HumanText.duration(wait.timeout))"
    }

    /// The job's definition alone, as `PUT /jobs/{id}` takes it again.
    static func definition(of job: JobView, request: String) throws(CoreAPIError) -> JSONValue {
        do {
            return try job.definition
        } catch {
            throw .invalidResponse(reason: "\(request) answered with a job that cannot be written again: \(error)")
        }
    }

    /// `; next run 2026-11-24 03:00:00Z`, or nothing when no schedule runs the job.
    static func nextRunText(_ job: JobView) -> String {
        guard let next = job.scheduledNext else { return "" }
        return "; next run \(HumanText.time(next))"
    }
}
