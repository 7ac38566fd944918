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

    /// The problems of a job's JSON: a command the core cannot run.
    public func problems(ofJob document: JSONValue) -> [DefinitionError] {
        guard case .string(let command)? = document["command"], let problem = Operation.problem(with: command, allowShell: allowShell) else {
            return []
        }
        return [DefinitionError(path: "command", message: problem)]
    }

    /// The commands of `execute_command` steps that the core cannot run.
    func commandProblems(inWorkflow document: JSONValue) -> [DefinitionError] {
        guard let steps = document["steps"]?.arrayValue else { return [] }
        return steps.enumerated().compactMap { index, step in
            guard case .string(let command)? = step["action"]?["command"], let problem = Operation.problem(with: command, allowShell: allowShell)
            else { return nil }
            return DefinitionError(path: "steps[\(index)].action.command", message: problem)
        }
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
