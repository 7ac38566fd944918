import Foundation

/// A workflow: a finite state machine of steps, started by its triggers.
public struct Workflow: Sendable, Hashable, Identifiable {
    public var id: String
    /// A name for people; the id when the definition gives none.
    public var name: String
    public var steps: [Step]
    public var triggers: [Trigger]
    public var onSurpass: SurpassPolicy
    /// Values for placeholders in the workflow's commands.
    public var environment: [String: JSONValue]
    /// The inputs a run may be started with, by name; none declared means any input is taken.
    public var inputs: [String: InputDeclaration]

    public init(
        id: String, name: String? = nil, steps: [Step], triggers: [Trigger] = [], onSurpass: SurpassPolicy = .wait,
        environment: [String: JSONValue] = [:], inputs: [String: InputDeclaration] = [:]
    ) {
        self.id = id
        self.name = name ?? id
        self.steps = steps
        self.triggers = triggers
        self.onSurpass = onSurpass
        self.environment = environment
        self.inputs = inputs
    }

    /// The definition JSON of `docs/PROTOCOL.md`; `inputs` is written only when the workflow declares some.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "on_surpass": .string(onSurpass.rawValue),
            "environment": .object(environment), "triggers": .array(triggers.map(\.json)),
            "steps": .array(steps.map(\.json)),
        ]
        if !inputs.isEmpty { object["inputs"] = .object(inputs.mapValues(\.json)) }
        return .object(object)
    }
}

extension Workflow: Definition {
    public static func read(_ value: JSONValue, with reader: inout DefinitionReader) -> Workflow? {
        reader.workflow(value)
    }
}

extension DefinitionReader {
    /// Reads a workflow: structure, ids, at least one unique-named step, timeouts, triggers and inputs.
    mutating func workflow(_ value: JSONValue, at path: String = "") -> Workflow? {
        let keys = ["id", "name", "steps", "triggers", "on_surpass", "environment", "inputs"]
        guard withinDefinitionSize(value, at: path), let object = object(value, at: path, keys: keys) else { return nil }
        let id = identifier(object, "id", at: path, admittingJobWorkflows: true)
        let name = string(object, "name", at: path, required: false)
        let onSurpass = choice(object, "on_surpass", at: path, default: SurpassPolicy.wait)
        var environment: [String: JSONValue] = [:]
        let environmentPath = Self.join(path, "environment")
        switch object["environment"] {
        case nil, .null?: break
        case .object(let members)?:
            if withinLimits(.object(members), at: environmentPath, maximumBytes: DefinitionLimits.environmentBytes) { environment = members }
        case let other?: fail(environmentPath, "must be an object, not \(other.typeName)")
        }
        let stepsPath = Self.join(path, "steps")
        let stepValues = array(object, "steps", at: path, required: true, maximumCount: DefinitionLimits.steps)
        if let stepValues, stepValues.isEmpty { fail(stepsPath, "must hold at least one step") }
        var steps: [Step] = []
        var firstIndexOfName: [String: Int] = [:]
        for (index, value) in (stepValues ?? []).enumerated() {
            let stepPath = "\(stepsPath)[\(index)]"
            guard let step = step(value, at: stepPath) else { continue }
            if let first = firstIndexOfName[step.name] {
                fail(Self.join(stepPath, "name"), "\"\(step.name)\" is already the name of steps[\(first)]; step names must be unique")
            } else {
                firstIndexOfName[step.name] = index
            }
            steps.append(step)
        }
        let triggersPath = Self.join(path, "triggers")
        let triggers = (array(object, "triggers", at: path, required: false, maximumCount: DefinitionLimits.triggers) ?? []).enumerated().compactMap { index, value in
            trigger(value, at: "\(triggersPath)[\(index)]")
        }
        let inputs = inputDeclarations(object["inputs"], at: Self.join(path, "inputs"))
        guard let id, let stepValues, steps.count == stepValues.count, let inputs else { return nil }
        let workflow = Workflow(
            id: id, name: name, steps: steps, triggers: triggers, onSurpass: onSurpass, environment: environment, inputs: inputs)
        return withinDefinitionSize(workflow.json, at: path) ? workflow : nil
    }
}
