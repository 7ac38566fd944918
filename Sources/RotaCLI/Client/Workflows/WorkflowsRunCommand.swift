import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows run ID [--input KEY=VALUE ...] [--wait]`: starts a run, with an input when
/// given, and with `--wait` follows it to its end.
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

            The run's input is an object every action of the run carries as data.input, and \
            its commands read as @input.KEY@. Give it key by key: --input KEY=TEXT sets a \
            string, always (an account id stays a string), and --input KEY:=JSON sets any JSON \
            value (a number, true or false, a list, an object, null). Or give the whole object \
            with --input-json JSON, or read it from a file with --input-json @FILE. A workflow that \
            declares its inputs refuses a run without a required one, with one of another type, \
            or with a key it does not declare; the error names the input.

            Examples:
              $ rota workflows run collect
              started run 5c0e2f1a-4b7d-4e0e-9a39-0c6f2b1e9d11 of collect

              $ rota workflows run collect-account --input account=123456789012 --input regions:='["eu-west-1"]'
              started run 0b6c3f70-2a8e-4f55-8d0e-1b3c2d4e5f60 of collect-account

              $ rota workflows run collect-account --input-json @input.json

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

    @OptionGroup var input: RunInputOptions

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let console = Console.current
        let body = RunInputOptions.body(try input.input())
        try await options.withAPI { api in
            guard wait else {
                let answer = try await api.post(CoreConnection.path("workflows", id, "run"), json: body)
                try options.output(answer, as: RunStartAnswer.self, request: "POST /workflows/\(id)/run") {
                    console.print(Self.startLine($0, workflowId: id))
                }
                return
            }
            let workflow = try await api.get(WorkflowView.self, CoreConnection.path("workflows", id))
            let events = try await ListeningBus.open(api, show: Self.eventTypes(of: workflow))
            let answer = try CoreAPI.decode(
                RunStartAnswer.self, from: try await api.post(CoreConnection.path("workflows", id, "run"), json: body), request: "POST /workflows/\(id)/run")
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
    /// errors, retries, and the actions of its steps.
    static func eventTypes(of workflow: WorkflowView) -> [String] {
        let actions = ((try? Workflow(definition: workflow.definition))?.steps ?? []).compactMap { step -> String? in
            guard case .performAction(let messageType, _) = step.action else { return nil }
            return messageType
        }
        var types = ["task_start", "task_end", "progress", "error", "step_retry"]
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
