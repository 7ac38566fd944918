/// One step of a workflow: what it does, how long it may take, and what an error does to the run.
public struct Step: Sendable, Hashable {
    /// The timeout of a step whose definition names none, in seconds.
    public static let defaultTimeout: Double = 60

    /// Unique within its workflow; the name actors see in `data.step`.
    public var name: String
    public var action: StepAction
    /// Seconds the step may take; the longest timeout of its blocking subscribers can extend it.
    public var timeout: Double
    public var onError: ErrorPolicy

    public init(name: String, action: StepAction, timeout: Double = Step.defaultTimeout, onError: ErrorPolicy = .continue) {
        self.name = name
        self.action = action
        self.timeout = timeout
        self.onError = onError
    }

    /// A step that performs the action named like the step, as every default workflow's steps do.
    public static func performing(_ messageType: String, timeout: Double, onError: ErrorPolicy = .continue) -> Step {
        Step(name: messageType, action: .performAction(messageType: messageType), timeout: timeout, onError: onError)
    }

    /// The step's JSON as in `docs/PROTOCOL.md`.
    public var json: JSONValue {
        [
            "name": .string(name), "action": action.json, "timeout": .number(timeout),
            "on_error": .string(onError.rawValue),
        ]
    }
}

extension DefinitionReader {
    /// Reads a step.
    mutating func step(_ value: JSONValue, at path: String) -> Step? {
        guard let object = object(value, at: path, keys: ["name", "action", "timeout", "on_error"]) else { return nil }
        let name = string(object, "name", at: path)
        let timeout = seconds(object, "timeout", at: path, default: Step.defaultTimeout)
        let onError = choice(object, "on_error", at: path, default: ErrorPolicy.continue)
        let action: StepAction?
        if let actionValue = object["action"] {
            action = stepAction(actionValue, at: Self.join(path, "action"))
        } else {
            fail(Self.join(path, "action"), "is required")
            action = nil
        }
        guard let name, let action else { return nil }
        return Step(name: name, action: action, timeout: timeout, onError: onError)
    }
}
