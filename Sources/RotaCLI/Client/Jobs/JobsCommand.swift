import ArgumentParser
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

    /// The keys of a job's definition, as opposed to what the core adds to it.
    static let definitionKeys = ["id", "command", "trigger", "wait", "timeout", "active"]

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
    static func triggerText(_ job: JSONValue) -> String {
        let trigger = job["trigger"].map(HumanText.trigger) ?? "-"
        guard let wait = job["wait"], let type = wait["message_type"]?.stringValue else { return trigger }
        let filter = wait["filter_data"].flatMap { $0 == .null ? nil : " \($0.jsonText)" } ?? ""
        let timeout = wait["timeout"]?.doubleValue.map { " within \(HumanText.duration($0))" } ?? ""
        return "\(trigger), then waits for \(type)\(filter)\(timeout)"
    }

    /// `; next run 2026-11-24 03:00:00Z`, or nothing when no schedule runs the job.
    static func nextRunText(_ job: JSONValue) -> String {
        guard let next = job["scheduled_next"], next != .null else { return "" }
        return "; next run \(HumanText.time(next))"
    }
}
