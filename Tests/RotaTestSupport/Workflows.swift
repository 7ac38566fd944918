import RotaModel

/// Small workflows for core tests.
public enum TestWorkflows {
    /// One step performing `messageType`.
    public static func single(
        _ id: String, _ messageType: String, timeout: Double = 60, onError: ErrorPolicy = .continue, triggers: [Trigger] = [],
        onSurpass: SurpassPolicy = .wait
    ) -> Workflow {
        Workflow(
            id: id, steps: [Step(name: messageType, action: .performAction(messageType: messageType), timeout: timeout, onError: onError)],
            triggers: triggers, onSurpass: onSurpass)
    }

    /// Steps performing each message type in turn.
    public static func sequence(_ id: String, _ messageTypes: [String], timeout: Double = 60, onError: ErrorPolicy = .continue) -> Workflow {
        Workflow(
            id: id,
            steps: messageTypes.map { Step(name: $0, action: .performAction(messageType: $0), timeout: timeout, onError: onError) })
    }
}
