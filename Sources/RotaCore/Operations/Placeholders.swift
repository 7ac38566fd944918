import Foundation
import RotaModel

/// Fills the placeholders of a run's commands when the run starts: `@NOW@` (the start time),
/// `@TASK_ID@`, `@WORKFLOW@` (the workflow's id), `@KEY@` for each key of the workflow's
/// `environment` (strings as they are, other values as JSON). A placeholder with no value stays
/// as written; `@input.KEY@` is left for the command to fill when it runs (`InputPlaceholders`),
/// once it is split into words, as what a run's input holds is not trusted like its definition.
/// A command is filled in one pass:
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
    /// placeholders are filled for a run: what a definition's command limit applies to. Counting
    /// stops past `DefinitionLimits.commandBytes`, so a command whose placeholders would fill it to
    /// gigabytes costs no more than one at the limit.
    static func filledByteCount(of command: String, environment: [String: JSONValue], workflowId: String) -> Int {
        let values = values(of: environment, workflowId: workflowId, taskId: UUID().uuidString.lowercased(), now: Date())
        return filledByteCount(of: command, values)
    }

    /// The problem an `input` makes for the commands of `workflow`: one longer than
    /// `DefinitionLimits.commandBytes` once its `@input.KEY@` placeholders are filled.
    static func inputProblems(_ workflow: Workflow, input: [String: JSONValue]) -> [DefinitionError] {
        guard !input.isEmpty else { return [] }
        var values = values(of: workflow.environment, workflowId: workflow.id, taskId: UUID().uuidString.lowercased(), now: Date())
        for (key, value) in input { values[inputPrefix + key] = text(of: value) }
        return workflow.steps.compactMap { step in
            guard case .executeCommand(let command) = step.action, command.contains("@\(inputPrefix)") else { return nil }
            let filled = filledByteCount(of: command, values)
            guard filled > DefinitionLimits.commandBytes else { return nil }
            return DefinitionError(
                path: "input",
                message: "makes the command of step \(step.name) more than \(DefinitionLimits.commandBytes) bytes long once its placeholders are filled")
        }
    }

    /// The length in UTF-8 bytes of `text` filled with `values`, counted as `fill` fills it, up to
    /// just past `DefinitionLimits.commandBytes`.
    private static func filledByteCount(of text: String, _ values: [String: String]) -> Int {
        let limit = DefinitionLimits.commandBytes
        var count = 0
        var rest = text[...]
        while let open = rest.firstIndex(of: "@"), count <= limit {
            count += rest[..<open].utf8.count
            let keyStart = rest.index(after: open)
            if let close = rest[keyStart...].firstIndex(of: "@"), let value = values[String(rest[keyStart..<close])] {
                count += value.utf8.count
                rest = rest[rest.index(after: close)...]
            } else {
                count += 1
                rest = rest[keyStart...]
            }
        }
        return count <= limit ? count + rest.utf8.count : count
    }

    /// The value of every placeholder of a run.
    private static func values(of environment: [String: JSONValue], workflowId: String, taskId: TaskId, now: Date) -> [String: String] {
        var values = ["NOW": Timestamp.string(now), "TASK_ID": taskId, "WORKFLOW": workflowId]
        for (key, value) in environment where values[key] == nil {
            values[key] = text(of: value)
        }
        return values
    }

    /// What names a key of the run's input in a placeholder: `@input.KEY@`.
    static let inputPrefix = "input."

    /// A value as a placeholder writes it: a string as it is, anything else as JSON.
    static func text(of value: JSONValue) -> String {
        value.stringValue ?? value.jsonText
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
