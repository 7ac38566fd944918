/// One step of a workflow: what it does, how long it may take, and what an error does to the run.
public struct Step: Sendable, Hashable {
    /// The timeout of a step whose definition names none, in seconds.
    public static let defaultTimeout: Double = 60

    /// Unique within its workflow; the name actors see in `data.step`.
    public var name: String
    public var action: StepAction
    /// Seconds the step may take; the longest timeout of its blocking subscribers can extend it.
    public var timeout: Double
    /// What an error applies to the run after the step's last attempt.
    public var onError: ErrorPolicy
    /// How a failed attempt is tried again; nil tries the step once.
    public var retry: RetryPolicy?

    public init(name: String, action: StepAction, timeout: Double = Step.defaultTimeout, onError: ErrorPolicy = .continue, retry: RetryPolicy? = nil) {
        self.name = name
        self.action = action
        self.timeout = timeout
        self.onError = onError
        self.retry = retry
    }

    /// How many times the step is tried at most.
    public var attempts: Int { retry?.attempts ?? 1 }

    /// A step that performs the action named like the step, as every default workflow's steps do.
    public static func performing(_ messageType: String, timeout: Double, onError: ErrorPolicy = .continue) -> Step {
        Step(name: messageType, action: .performAction(messageType: messageType), timeout: timeout, onError: onError)
    }

    /// The step's JSON as in `docs/PROTOCOL.md`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "action": action.json, "timeout": .number(timeout),
            "on_error": .string(onError.rawValue),
        ]
        if let retry { members["retry"] = retry.json }
        return .object(members)
    }
}

extension DefinitionReader {
    /// Reads a step.
    mutating func step(_ value: JSONValue, at path: String) -> Step? {
        guard let object = object(value, at: path, keys: ["name", "action", "timeout", "on_error", "retry"]) else { return nil }
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
        var retry: RetryPolicy?
        var retryReadable = true
        if let retryValue = object["retry"], retryValue != .null {
            let retryPath = Self.join(path, "retry")
            retry = retryPolicy(retryValue, at: retryPath)
            retryReadable = retry != nil
            if let action, !action.canBeRetried {
                fail(retryPath, "is only allowed on a step with message_type or command; waiting for or emitting an event is not tried again")
                retryReadable = false
            }
        }
        guard let name, let action, retryReadable else { return nil }
        return Step(name: name, action: action, timeout: timeout, onError: onError, retry: retry)
    }
}
