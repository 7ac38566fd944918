/// Shows a followed run on a terminal: errors scroll above a block that is redrawn in place,
/// one line for the run and one per step with a progress bar.
///
/// ```
/// error: worker-2: aws: access denied
/// run 5c0e2f1a-… of collect  ███████░░░░░░░░░░░░░  36%
///   ✓ pre_collect   ████████████████████ 100%
///   ▶ collect       ██░░░░░░░░░░░░░░░░░░  12%  1 error  attempt 2
///     post_collect  ░░░░░░░░░░░░░░░░░░░░   0%
/// ```
///
/// A step tried more than once shows its attempt; one that waits for its next attempt shows
/// when that begins (`attempt 1 failed, next at 2026-11-23 10:00:10Z`).
struct TerminalRunDisplay: RunDisplay {
    let console: Console
    /// The block as it was last drawn; empty when nothing is drawn.
    private var drawn: [String] = []

    init(console: Console) {
        self.console = console
    }

    mutating func show(_ changes: [RunWatch.Change], of watch: RunWatch) {
        let errors = changes.compactMap { change -> String? in
            if case .error(let text) = change { return "error: \(text)" }
            return nil
        }
        redraw(above: errors, block(of: watch))
    }

    mutating func finish(_ watch: RunWatch) {
        redraw(above: [], block(of: watch) + [Self.outcomeLine(of: watch)])
        drawn = []
    }

    /// Moves back over the last block, clears it, writes `lines` (which stay) and then `block`;
    /// nothing when there are no lines and the block is as drawn.
    private mutating func redraw(above lines: [String], _ block: [String]) {
        guard !lines.isEmpty || block != drawn else { return }
        var text = drawn.isEmpty ? "" : "\u{1B}[\(drawn.count)F\u{1B}[J"
        for line in lines + block { text += line + "\n" }
        console.write(text)
        drawn = block
    }

    private func block(of watch: RunWatch) -> [String] {
        guard let taskId = watch.taskId else { return ["waiting for the run of \(watch.workflowId) to start"] }
        let width = watch.steps.map(\.name.count).max() ?? 0
        var lines = ["run \(taskId) of \(watch.workflowId)  \(Self.bar(watch.progress)) \(Self.percent(watch.progress))"]
        for step in watch.steps {
            let mark: String
            switch step.state {
            case "running": mark = "▶"
            case "succeeded": mark = "✓"
            case "pending": mark = " "
            default: mark = "✗"
            }
            let progress = step.hasEnded ? 100 : step.progress
            var line = "  \(mark) \(step.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.bar(progress)) \(Self.percent(progress))"
            if step.state != "succeeded", step.hasEnded { line += "  \(Self.stateText(step.state))" }
            if step.errors > 0 { line += "  \(HumanText.count(step.errors, "error"))" }
            if let due = step.retryDue, !step.hasEnded {
                line += "  attempt \(step.attempts) failed, next at \(HumanText.time(.string(due)))"
            } else if step.attempts > 1 {
                line += step.hasEnded ? "  \(step.attempts) attempts" : "  attempt \(step.attempts)"
            }
            lines.append(line)
        }
        return lines
    }

    private static func bar(_ percent: Double) -> String {
        let filled = max(0, min(20, Int((percent / 5).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
    }

    private static func percent(_ value: Double) -> String {
        let text = "\(Int(value.rounded(.down)))%"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }
}
