import RotaModel

/// Small workflows for the tests: one step performing one message type.
enum TestWorkflows {
    /// Workflow `id` with one step `messageType`; `onSurpass` decides what a second run does
    /// while one is active.
    static func single(_ id: String, _ messageType: String, timeout: Double = 30, onSurpass: SurpassPolicy = .wait) -> Workflow {
        Workflow(
            id: id, steps: [Step(name: messageType, action: .performAction(messageType: messageType), timeout: timeout)],
            onSurpass: onSurpass)
    }
}
