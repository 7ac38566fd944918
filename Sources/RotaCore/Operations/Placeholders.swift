import Foundation
import RotaModel

/// Fills the placeholders of a run's commands when the run starts: `@NOW@` (the start time),
/// `@TASK_ID@`, `@WORKFLOW@` (the workflow's id) and `@KEY@` for each key of the workflow's
/// `environment` (strings as they are, other values as JSON).
enum Placeholders {
    /// `workflow` with the placeholders of its commands filled for run `taskId` starting at `now`.
    static func fill(_ workflow: Workflow, taskId: TaskId, now: Date) -> Workflow {
        var values = ["NOW": Timestamp.string(now), "TASK_ID": taskId, "WORKFLOW": workflow.id]
        for (key, value) in workflow.environment where values[key] == nil {
            values[key] = value.stringValue ?? String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        }
        var filled = workflow
        filled.steps = workflow.steps.map { step in
            guard case .executeCommand(let command) = step.action else { return step }
            var step = step
            step.action = .executeCommand(fill(command, values))
            return step
        }
        return filled
    }

    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("@") else { return text }
        var result = text
        for (key, value) in values { result = result.replacingOccurrences(of: "@\(key)@", with: value) }
        return result
    }
}
