import RotaModel

/// The run that published an event (a core event such as `task_end`, the event of an
/// `emit_event` step, or an `events emit` command). The event reaches every other run and starts
/// the workflows it triggers, except the publishing run's own workflow.
public struct EventOrigin: Sendable, Hashable {
    public let task: TaskId
    public let workflow: String

    public init(task: TaskId, workflow: String) {
        self.task = task
        self.workflow = workflow
    }
}
