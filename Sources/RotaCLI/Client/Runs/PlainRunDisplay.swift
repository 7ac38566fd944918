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
struct PlainRunDisplay: RunDisplay {
    let console: Console

    mutating func show(_ changes: [RunWatch.Change], of watch: RunWatch) {
        for change in changes { console.print(Self.line(change, of: watch)) }
    }

    mutating func finish(_ watch: RunWatch) {
        console.print(Self.outcomeLine(of: watch))
    }

    static func line(_ change: RunWatch.Change, of watch: RunWatch) -> String {
        switch change {
        case .started(let taskId): return "run \(taskId) of \(watch.workflowId) started"
        case .stepStarted(let name): return "step \(name) started"
        case .stepProgress(let name, let percent): return "step \(name) \(percent)%"
        case .stepEnded(let name, let state, let errors):
            return "step \(name) \(stateText(state))" + (errors > 0 ? " (\(HumanText.count(errors, "error")))" : "")
        case .error(let text): return "error: \(text)"
        }
    }
}
