/// The `kind` of a message: what it means and which way it travels (see `docs/PROTOCOL.md`).
public enum MessageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Something happened; travels any way.
    case event
    /// Core to actor: perform this step of this task.
    case action
    /// Core to actor: the task was stopped while this action was pending.
    case actionAbort = "action_abort"
    /// Actor to core: the action is finished.
    case actionDone = "action_done"
    /// Actor to core: the action failed.
    case actionError = "action_error"
    /// Actor to core: a note for the run's log.
    case actionInfo = "action_info"
    /// Actor to core: how far the action has come.
    case actionProgress = "action_progress"
}
