import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows run ID [--wait]`: starts a run, and with `--wait` follows it to its end.
struct WorkflowsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a run of a workflow, and follow it with --wait.",
        discussion: """
            The run starts under the workflow's on_surpass policy: while a run is active, the new \
            one may be queued (Wait), skipped (Skip), replace the active one (Replace) or run \
            beside it (Parallel).

            With --wait the command follows the run live: the current step, a progress bar per \
            step from what the actors report, and every error as it arrives; at the end it prints \
            the outcome and exits with 0 when the run succeeded, 1 when it failed, was stopped or \
            was skipped, and 3 when the core went away before the run ended: the run is not \
            over then, it goes on when the core is back. On a terminal the steps are redrawn in place; otherwise (a pipe, a file, \
            a CI log) each change is one line. With --json it prints the finished run (GET \
            /tasks/ID) instead.

            Examples:
              $ rota workflows run collect
              started run 5c0e2f1a-4b7d-4e0e-9a39-0c6f2b1e9d11 of collect

              $ rota workflows run collect --wait | cat
              run 5c0e2f1a-… of collect started
              step pre_collect succeeded
              step collect started
              step collect 50%
              error: worker-2: aws: access denied
              step collect succeeded (1 error)
              ...
              run 5c0e2f1a-… of collect succeeded in 3m05s with 1 error
            """
    )

    @Argument(help: "The workflow's id.")
    var id: String

    @Flag(help: "Follow the run to its end; the exit status says whether it succeeded.")
    var wait = false

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let console = Console.current
        try await options.withAPI { api in
            guard wait else {
                let answer = try await api.post(CoreConnection.path("workflows", id, "run"))
                try options.output(answer, as: RunStartAnswer.self, request: "POST /workflows/\(id)/run") {
                    console.print(Self.startLine($0, workflowId: id))
                }
                return
            }
            let workflow = try await api.get(WorkflowView.self, CoreConnection.path("workflows", id))
            let events = try await ListeningBus.open(api, show: Self.eventTypes(of: workflow))
            let answer = try CoreAPI.decode(
                RunStartAnswer.self, from: try await api.post(CoreConnection.path("workflows", id, "run")), request: "POST /workflows/\(id)/run")
            // A queued run is followed from the start of the workflow's next run, which is it.
            let taskId = answer.status == .started ? answer.taskId : nil
            if answer.status == .skipped {
                console.printError("error: \(Self.startLine(answer, workflowId: id)); there is no run to wait for")
                throw ExitCode.failure
            }
            var display: any RunDisplay = PlainRunDisplay(console: console)
            if options.json {
                display = SilentRunDisplay()
            } else if console.isTerminal {
                display = TerminalRunDisplay(console: console)
            }
            let start = RunWatch(workflowId: id, taskId: taskId)
            if let taskId {
                display.show([.started(taskId: taskId)], of: start)
            } else if !options.json {
                console.print(Self.startLine(answer, workflowId: id))
            }
            let finished: RunWatch
            do {
                finished = try await RunFollower(api: api).follow(start, events: events, display: &display)
            } catch let error as CoreAPIError where error.isTransient {
                let run = taskId.map { "run \($0)" } ?? "the run of \(id)"
                console.printError(
                    "error: lost the core while following \(run): \(error). The run is not over: a restarted core goes on with it"
                        + (taskId.map { " (rota workflows log \($0) shows it)" } ?? ""))
                throw Self.coreLost
            }
            if options.json, let task = finished.task { console.printJSON(task) }
            guard finished.outcome?.isSuccess == true else { throw ExitCode.failure }
        }
    }

    /// The exit status when the core went away before the run it followed ended.
    static let coreLost = ExitCode(3)

    /// The bus messages that tell about a run of `workflow`: its start and end, progress,
    /// errors, and the actions of its steps.
    static func eventTypes(of workflow: WorkflowView) -> [String] {
        let actions = ((try? Workflow(definition: workflow.definition))?.steps ?? []).compactMap { step -> String? in
            guard case .performAction(let messageType, _) = step.action else { return nil }
            return messageType
        }
        var types = ["task_start", "task_end", "progress", "error"]
        for action in actions where !types.contains(action) { types.append(action) }
        return types
    }

    /// What the core did with the request: started, queued or skipped.
    static func startLine(_ answer: RunStartAnswer, workflowId: String) -> String {
        switch answer.status {
        case .queued: return "queued a run of \(workflowId) (\(HumanText.text(answer.taskId))): it starts when the active run ends"
        case .skipped: return "skipped: a run of \(workflowId) is active, and its on_surpass policy drops new runs"
        case .started: return "started run \(HumanText.text(answer.taskId)) of \(workflowId)"
        }
    }
}
