import ArgumentParser
import RotaAPI
import RotaModel

/// `rota jobs list`: every job with its trigger, state and next scheduled run.
struct JobsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the jobs.",
        discussion: """
            An inactive job runs only when started by hand (rota jobs run ID).

            The table shows each job's id, whether it is active, its next scheduled run, its \
            timeout, its trigger (and the event it waits for) and its command.

            Examples:
              rota jobs list
              rota jobs list --json
            """
    )

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let jobs = try await options.withAPI { api in try await api.get("/jobs") }
        try options.output(jobs, as: [JobView].self, request: "GET /jobs") { list in
            guard !list.isEmpty else {
                Console.current.print("no job is defined; add one with rota jobs add")
                return
            }
            var table = TextTable([.init("ID"), .init("ACTIVE"), .init("NEXT RUN"), .init("TIMEOUT"), .init("TRIGGER"), .init("COMMAND")])
            for job in list {
                table.append([
                    job.id, job.active ? "yes" : "no", HumanText.time(job.scheduledNext), HumanText.duration(job.timeout), JobsCommand.triggerText(job),
                    job.command,
                ])
            }
            Console.current.print(table)
        }
    }
}
