import RotaModel

/// Identifies one action an actor is asked to perform: an attempt of a step of a task. A task
/// tries each of its steps once unless the step retries, and each retry is a new attempt
/// (`data.attempt`, 1 when absent), so the same key arriving again is the same action sent again.
struct ActionKey: Hashable, Sendable, CustomStringConvertible {
    let task: TaskId
    let step: String
    let attempt: Int

    init(task: TaskId, step: String, attempt: Int = 1) {
        self.task = task
        self.step = step
        self.attempt = attempt
    }

    init(_ action: ActionMessage) {
        var attempt = 1
        if case .int(let number)? = action.extra["attempt"], let whole = Int(exactly: number), whole > 1 { attempt = whole }
        self.init(task: action.task, step: action.step, attempt: attempt)
    }

    /// Whether this key and `other` name the same step of the same task, whatever the attempts:
    /// an abort names no attempt.
    func sameStep(as other: ActionKey) -> Bool {
        task == other.task && step == other.step
    }

    var description: String { attempt == 1 ? "\(task)/\(step)" : "\(task)/\(step) attempt \(attempt)" }
}
