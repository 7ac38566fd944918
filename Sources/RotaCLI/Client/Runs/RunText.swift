import Foundation
import RotaAPI
import RotaModel

/// One run as `rota workflows task` writes it: a few lines about the run (its workflow, state,
/// start and input), then a table of its steps with their attempts and their subscribers' answers.
///
/// ```
/// run 7d1e0c52-… of collect-one-account, version 1
/// state:   success in 1m12s, 1 error
/// started: 2026-12-01 14:04:00Z
/// input:   {"account":"123456789012"}
///
/// STEP      STATE      STARTED               DURATION  ATTEMPTS  ERRORS  SUBSCRIBERS
/// collect   succeeded  2026-12-01 14:04:00Z  1m12s            2       1  worker-1 done, worker-2 done
/// ```
enum RunText {
    /// The most characters of an input shown; a longer one is cut (`--json` shows it whole).
    static let inputWidth = 200

    /// The lines of `run`; the duration of a running step is counted up to `now`.
    static func lines(of run: RunView, now: Date) -> [String] {
        var lines: [String]
        switch run {
        case .queued(let queued):
            lines = ["run \(queued.taskId) of \(queued.workflow)", "state:   queued since \(HumanText.time(queued.queuedAt))"]
        case .running(let task):
            let summary = task.summary
            var state = "running, step \(HumanText.text(summary.currentStep)), \(HumanText.percent(summary.progress))"
            if summary.errors > 0 { state += ", \(HumanText.count(summary.errors, "error"))" }
            lines = [
                "run \(summary.taskId) of \(summary.workflow), version \(task.workflowVersion)", "state:   \(state)",
                "started: \(HumanText.time(summary.startedAt))",
            ]
            if let retryAt = task.retryAt {
                let step = task.steps.first { $0.state == "running" }
                let attempt = step.map { " \($0.attempts + 1) of \($0.name)" } ?? ""
                lines.append("retry:   attempt\(attempt) at \(HumanText.time(retryAt))")
            } else if !task.waitingFor.isEmpty {
                lines.append("waiting: for \(task.waitingFor.joined(separator: ", "))" + (task.deadline.map { " until \(HumanText.time($0))" } ?? ""))
            }
            lines.append("input:   \(inputText(task.input))")
        case .finished(let finished):
            let entry = finished.entry
            let errors = entry.errors > 0 ? ", \(HumanText.count(entry.errors, "error"))" : ""
            let state: String
            switch entry.outcome {
            case .success: state = "success in \(HumanText.duration(entry.duration))\(errors)"
            case .failure, .stopped:
                state = "\(entry.outcome.rawValue) after \(HumanText.duration(entry.duration))\(errors)" + (entry.reason.map { ": \($0)" } ?? "")
            }
            lines = [
                "run \(entry.taskId) of \(entry.workflow), version \(entry.workflowVersion)", "state:   \(state)",
                "started: \(HumanText.time(entry.startedAt))", "input:   \(inputText(entry.input))",
            ]
        }
        guard !run.steps.isEmpty else { return lines }
        var table = TextTable([
            .init("STEP"), .init("STATE"), .init("STARTED"), .init("DURATION"), .init("ATTEMPTS", .right), .init("ERRORS", .right),
            .init("SUBSCRIBERS"),
        ])
        for step in run.steps {
            let duration = step.startedAt.map { HumanText.duration(max(0, (step.endedAt ?? now).timeIntervalSince($0))) } ?? "-"
            let subscribers = step.subscribers.map { "\($0.id) \($0.answer.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
            table.append([
                step.name, step.state.replacingOccurrences(of: "_", with: " "), HumanText.time(step.startedAt), duration,
                HumanText.text(step.attempts), HumanText.text(step.errors), subscribers,
            ])
        }
        return lines + [""] + table.lines
    }

    /// An input as compact JSON on one line, cut after `width` characters.
    static func inputText(_ input: [String: JSONValue], width: Int = inputWidth) -> String {
        let text = JSONValue.object(input).jsonText
        return text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }
}
