import Foundation
import RotaModel

/// Fills the placeholders of a run's commands when the run starts: `@NOW@` (the start time),
/// `@TASK_ID@`, `@WORKFLOW@` (the workflow's id) and `@KEY@` for each key of the workflow's
/// `environment` (strings as they are, other values as JSON). A command is filled in one pass:
/// a value that holds `@KEY@` itself is written as it is, never filled again.
enum Placeholders {
    /// `workflow` with the placeholders of its commands filled for run `taskId` starting at `now`.
    static func fill(_ workflow: Workflow, taskId: TaskId, now: Date) -> Workflow {
        let values = values(of: workflow.environment, workflowId: workflow.id, taskId: taskId, now: now)
        var filled = workflow
        filled.steps = workflow.steps.map { step in
            guard case .executeCommand(let command) = step.action else { return step }
            var step = step
            step.action = .executeCommand(fill(command, values))
            return step
        }
        return filled
    }

    /// How long `command` of workflow `workflowId` with `environment` is, in UTF-8 bytes, once its
    /// placeholders are filled for a run: what a definition's command limit applies to.
    static func filledByteCount(of command: String, environment: [String: JSONValue], workflowId: String) -> Int {
        let values = values(of: environment, workflowId: workflowId, taskId: UUID().uuidString.lowercased(), now: Date())
        return fill(command, values).utf8.count
    }

    /// The value of every placeholder of a run.
    private static func values(of environment: [String: JSONValue], workflowId: String, taskId: TaskId, now: Date) -> [String: String] {
        var values = ["NOW": Timestamp.string(now), "TASK_ID": taskId, "WORKFLOW": workflowId]
        for (key, value) in environment where values[key] == nil {
            values[key] = value.stringValue ?? String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        }
        return values
    }

    /// `text` with every `@KEY@` whose key has a value replaced by it, in one pass from left to right.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("@") else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "@") {
            result += rest[..<open]
            let keyStart = rest.index(after: open)
            if let close = rest[keyStart...].firstIndex(of: "@"), let value = values[String(rest[keyStart..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "@"
                rest = rest[keyStart...]
            }
        }
        result += rest
        return result
    }
}
