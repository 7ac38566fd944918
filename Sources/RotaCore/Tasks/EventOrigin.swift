import RotaEngine
import RotaModel

/// Who published an event the core hands to its runs itself: a run (a core event such as
/// `task_end`, the event of an `emit_event` step, or an `events emit` command), or the core
/// (the notice of a cut cascade). The event reaches every other run and starts the workflows it
/// triggers, except the publishing run's own workflow; the runs it starts take its cascade.
public struct EventOrigin: Sendable, Hashable {
    /// The run that published the event; nil for the core's own.
    public let task: TaskId?
    /// The workflow of that run.
    public let workflow: String?
    /// The cascade the event carries, whatever its data says.
    public let cascade: Cascade

    /// An event of run `task` of `workflow`, carrying `cascade` (the run's `eventCascade`).
    public init(task: TaskId, workflow: String, cascade: Cascade) {
        self.task = task
        self.workflow = workflow
        self.cascade = cascade
    }

    /// An event the core publishes of its own, carrying `cascade`.
    public init(core cascade: Cascade) {
        task = nil
        workflow = nil
        self.cascade = cascade
    }
}
