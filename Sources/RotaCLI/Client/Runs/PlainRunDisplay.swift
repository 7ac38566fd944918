/// Shows a followed run as one line per change, for output that is not a terminal (a pipe, a
/// file, a CI log):
///
/// ```
/// run 5c0e2f1a-… of collect started
/// step collect started
/// step collect 50%
/// error: worker-2: aws: access denied
/// step collect succeeded (1 error)
/// run 5c0e2f1a-… of collect succeeded in 3m05s with 1 error
/// ```
///
/// A step tried again says so: `step collect attempt 1 failed (worker-2: rate limited); attempt 2
/// in 10s`, then `step collect attempt 2 started`, and at its end `step collect succeeded after 2
/// attempts`.
///
/// An error does not say its step, and the bus brings it before the run's state that shows its
/// step started. So it is held until a state counts it: it is written after the line of the step
/// whose error count grew, never beside the step before. Errors no step counts (the run's own)
/// are written at the end.
struct PlainRunDisplay: RunDisplay {
    let console: Console
    /// Errors of the bus not written yet, oldest first.
    private var heldErrors: [String] = []
    /// How many errors were written for each step.
    private var writtenErrors: [String: Int] = [:]

    init(console: Console) {
        self.console = console
    }

    mutating func show(_ changes: [RunWatch.Change], of watch: RunWatch) {
        for change in changes {
            switch change {
            case .error(let text):
                heldErrors.append(text)
            case .stepEnded(let name, _, let errors, _):
                writeHeldErrors(of: name, counted: errors)
                console.print(Self.line(change, of: watch))
            case .stepRetrying(let name, _, _, _):
                writeHeldErrors(of: name, counted: writtenErrors[name, default: 0] + heldErrors.count)
                console.print(Self.line(change, of: watch))
            case .attemptStarted:
                console.print(Self.line(change, of: watch))
            case .stepStarted(let name), .stepProgress(let name, _):
                console.print(Self.line(change, of: watch))
                writeHeldErrors(of: name, counted: watch.steps.first { $0.name == name }?.errors ?? 0)
            case .started:
                console.print(Self.line(change, of: watch))
            }
        }
        for step in watch.steps { writeHeldErrors(of: step.name, counted: step.errors) }
    }

    mutating func finish(_ watch: RunWatch) {
        for text in heldErrors { console.print("error: \(text)") }
        heldErrors = []
        console.print(Self.outcomeLine(of: watch))
    }

    /// Writes as many held errors for step `name` as its `counted` errors exceed those written.
    private mutating func writeHeldErrors(of name: String, counted: Int) {
        let due = min(heldErrors.count, max(0, counted - writtenErrors[name, default: 0]))
        guard due > 0 else { return }
        for text in heldErrors.prefix(due) { console.print("error: \(text)") }
        heldErrors.removeFirst(due)
        writtenErrors[name, default: 0] += due
    }

    static func line(_ change: RunWatch.Change, of watch: RunWatch) -> String {
        switch change {
        case .started(let taskId): return "run \(taskId) of \(watch.workflowId) started"
        case .stepStarted(let name): return "step \(name) started"
        case .stepProgress(let name, let percent): return "step \(name) \(percent)%"
        case .stepEnded(let name, let state, let errors, let attempts):
            return "step \(name) \(stateText(state))" + (attempts > 1 ? " after \(attempts) attempts" : "")
                + (errors > 0 ? " (\(HumanText.count(errors, "error")))" : "")
        case .stepRetrying(let name, let failedAttempt, let retryIn, let reason):
            return "step \(name) " + HumanText.retry(failedAttempt: failedAttempt, retryIn: retryIn, reason: reason)
        case .attemptStarted(let name, let attempt):
            return "step \(name) attempt \(attempt) started"
        case .error(let text): return "error: \(text)"
        }
    }
}
