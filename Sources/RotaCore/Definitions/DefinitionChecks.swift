import Foundation
import RotaEngine
import RotaModel

/// What the core checks in a definition beyond reading it: the commands it would run, and ids
/// the core keeps for its own definitions. The catalog checks every change with it, and the
/// command line checks files and flags the same way before they reach a core.
public struct DefinitionChecks: Sendable {
    /// Whether `shell` commands may run; the command line checks with `true` and leaves the
    /// refusal to the core it applies the definition to.
    public let allowShell: Bool

    public init(allowShell: Bool) {
        self.allowShell = allowShell
    }

    /// The problems of a workflow's JSON: commands of `execute_command` steps the core cannot run,
    /// and an id that belongs to a job or to a default workflow.
    public func problems(ofWorkflow document: JSONValue) -> [DefinitionError] {
        commandProblems(inWorkflow: document) + (document["id"]?.stringValue.map(idProblems(ofWorkflow:)) ?? [])
    }

    /// The problems of a job's JSON: a command the core cannot run, or one too long once its
    /// placeholders are filled.
    public func problems(ofJob document: JSONValue) -> [DefinitionError] {
        guard case .string(let command)? = document["command"] else { return [] }
        let workflowId = JobWorkflow.id(of: document["id"]?.stringValue ?? "")
        guard let problem = problem(with: command, environment: [:], workflowId: workflowId) else { return [] }
        return [DefinitionError(path: "command", message: problem)]
    }

    /// The commands of `execute_command` steps that the core cannot run, or that are too long
    /// once their placeholders are filled, alone or together: a run holds its workflow with them
    /// filled, which must be a valid definition too.
    func commandProblems(inWorkflow document: JSONValue) -> [DefinitionError] {
        guard let steps = document["steps"]?.arrayValue else { return [] }
        let environment = document["environment"]?.objectValue ?? [:]
        let workflowId = document["id"]?.stringValue ?? ""
        let problems = steps.enumerated().compactMap { index, step -> DefinitionError? in
            guard case .string(let command)? = step["action"]?["command"],
                let problem = problem(with: command, environment: environment, workflowId: workflowId)
            else { return nil }
            return DefinitionError(path: "steps[\(index)].action.command", message: problem)
        }
        guard problems.isEmpty, let workflow = try? Workflow(definition: document) else { return problems }
        let filled = Placeholders.fill(workflow, taskId: UUID().uuidString.lowercased(), now: Date()).json.jsonBytes.count
        guard filled <= DefinitionLimits.definitionBytes else {
            return [
                DefinitionError(
                    path: "", message: "the definition is \(filled) bytes as JSON once the placeholders of its commands are filled; "
                        + "at most \(DefinitionLimits.definitionBytes) are allowed")
            ]
        }
        return []
    }

    /// What is wrong with `command` of workflow `workflowId`: it cannot run here, or with its
    /// placeholders filled from `environment` it is longer than `DefinitionLimits.commandBytes`.
    /// A command too long as written is left to the reader, which reports it.
    private func problem(with command: String, environment: [String: JSONValue], workflowId: String) -> String? {
        guard command.utf8.count <= DefinitionLimits.commandBytes else { return nil }
        if let problem = Operation.problem(with: command, allowShell: allowShell) { return problem }
        let filled = Placeholders.filledByteCount(of: command, environment: environment, workflowId: workflowId)
        guard filled <= DefinitionLimits.commandBytes else {
            return "is \(filled) bytes long once its placeholders are filled; at most \(DefinitionLimits.commandBytes) are allowed"
        }
        return nil
    }

    /// An id that users cannot give a workflow: a job's, or a default workflow's.
    func idProblems(ofWorkflow id: String) -> [DefinitionError] {
        if id.hasPrefix(JobWorkflow.prefix) {
            return [DefinitionError(path: "id", message: "ids beginning with \"\(JobWorkflow.prefix)\" belong to jobs; choose another id")]
        }
        if DefaultWorkflows.ids.contains(id) {
            return [
                DefinitionError(
                    path: "id", message: "\(id) is a default workflow: its steps cannot be changed; its schedule can (PUT /workflows/\(id)/schedule)")
            ]
        }
        return []
    }
}
