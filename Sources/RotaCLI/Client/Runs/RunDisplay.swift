/// How `rota workflows run --wait` shows the run it follows: lines for a log or a pipe
/// (`PlainRunDisplay`), a redrawn table of steps on a terminal (`TerminalRunDisplay`), or
/// nothing until the end (`--json`).
protocol RunDisplay {
    /// Shows what changed; `watch` holds the run as it is now.
    mutating func show(_ changes: [RunWatch.Change], of watch: RunWatch)
    /// Shows how the run ended; `watch.outcome` is set.
    mutating func finish(_ watch: RunWatch)
}

extension RunDisplay {
    /// The last line: `run ID succeeded in 3.2s`, `run ID failed after 1.0s: reason`.
    static func outcomeLine(of watch: RunWatch) -> String {
        let run = "run \(watch.taskId ?? "") of \(watch.workflowId)"
        guard let outcome = watch.outcome else { return "\(run) ended" }
        let duration = outcome.duration.map(HumanText.duration)
        switch outcome.name {
        case "success":
            let errors = outcome.errors > 0 ? " with \(HumanText.count(outcome.errors, "error"))" : ""
            return "\(run) succeeded" + (duration.map { " in \($0)" } ?? "") + errors
        case "stopped":
            return "\(run) was stopped" + (duration.map { " after \($0)" } ?? "") + (outcome.reason.map { ": \($0)" } ?? "")
        default:
            return "\(run) failed" + (duration.map { " after \($0)" } ?? "") + (outcome.reason.map { ": \($0)" } ?? "")
        }
    }

    /// A step's state in words: `timed_out` is `timed out`.
    static func stateText(_ state: String) -> String {
        state.replacingOccurrences(of: "_", with: " ")
    }
}
