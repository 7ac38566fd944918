import RotaModel

/// Identifies one action an actor is asked to perform: a step of a task. A task performs each of
/// its steps once, so the same key arriving again is the same action sent again.
struct ActionKey: Hashable, Sendable, CustomStringConvertible {
    let task: TaskId
    let step: String

    init(task: TaskId, step: String) {
        self.task = task
        self.step = step
    }

    init(_ action: ActionMessage) {
        self.init(task: action.task, step: action.step)
    }

    var description: String { "\(task)/\(step)" }
}
