import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows history [ID]`: finished runs, newest first, filtered.
struct WorkflowsHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List finished runs, newest first.",
        discussion: """
            A run succeeds when it reaches its end, even when steps had errors that on_error \
            Continue let pass; ERRORS counts them. INPUT, shown when a run has an input, is the \
            start of its input as JSON; `rota workflows task ID` shows a run whole, with each \
            step's attempts. Times are ISO-8601 (2026-11-23T10:00:00Z); without an offset they \
            are UTC.

            Examples:
              rota workflows history
              rota workflows history collect_and_cleanup --has-errors --limit 10
              rota workflows history --started-after 2026-11-23T00:00:00Z \\
                  --started-before 2026-11-24T00:00:00Z
              rota workflows history job.nightly --json
            """
    )

    @Argument(help: ArgumentHelp("Only runs of this workflow (job.ID for a job's runs).", valueName: "workflow-id"))
    var workflowId: String?

    @Option(help: ArgumentHelp("Only runs started at or after this time.", valueName: "time"))
    var startedAfter: String?

    @Option(help: ArgumentHelp("Only runs started before this time.", valueName: "time"))
    var startedBefore: String?

    @Flag(help: "Only runs that had errors.")
    var hasErrors = false

    @Option(help: ArgumentHelp("At most this many runs, 1 to 10000 (the core's default: 100).", valueName: "n"))
    var limit: Int?

    @OptionGroup var options: CoreOptions

    func validate() throws {
        for (flag, value) in [("--started-after", startedAfter), ("--started-before", startedBefore)] {
            guard let value else { continue }
            guard TimeArgument.query(value) != nil else {
                throw ValidationError("\(flag) \"\(value)\" is not an ISO-8601 time or date; write e.g. 2026-11-23T10:00:00Z or 2026-11-23")
            }
        }
        if let limit, !(1...10_000).contains(limit) {
            throw ValidationError("--limit must be from 1 to 10000, e.g. --limit 20")
        }
    }

    /// The most characters of a run's input the table shows.
    static let inputWidth = 40

    /// The runs as a table; with a column `INPUT` when one of them has an input.
    static func table(of runs: [HistoryEntryView]) -> TextTable {
        let showsInput = runs.contains { !$0.input.isEmpty }
        var columns: [TextTable.Column] = [
            .init("TASK ID"), .init("WORKFLOW"), .init("STARTED"), .init("DURATION"), .init("OUTCOME"), .init("ERRORS", .right),
        ]
        if showsInput { columns.append(.init("INPUT")) }
        var table = TextTable(columns + [.init("REASON")])
        for run in runs {
            var cells = [
                run.taskId, run.workflow, HumanText.time(run.startedAt), HumanText.duration(run.duration), run.outcome.rawValue,
                HumanText.text(run.errors),
            ]
            if showsInput { cells.append(run.input.isEmpty ? "-" : RunText.inputText(run.input, width: inputWidth)) }
            table.append(cells + [run.reason ?? ""])
        }
        return table
    }

    func run() async throws {
        var query: [(String, String)] = []
        if let workflowId { query.append(("workflow", workflowId)) }
        if let startedAfter = startedAfter.flatMap(TimeArgument.query) { query.append(("started_after", startedAfter)) }
        if let startedBefore = startedBefore.flatMap(TimeArgument.query) { query.append(("started_before", startedBefore)) }
        if hasErrors { query.append(("has_errors", "true")) }
        if let limit { query.append(("limit", String(limit))) }
        let runs = try await options.withAPI { api in try await api.get("/history", query: query) }
        try options.output(runs, as: [HistoryEntryView].self, request: "GET /history") { list in
            guard !list.isEmpty else {
                Console.current.print("no finished run matches")
                return
            }
            Console.current.print(Self.table(of: list))
        }
    }
}
