import RotaModel

/// The runs of one workflow and its surpass policy: decides what a new trigger does while runs
/// are active, and which queued run starts when one ends. Pure bookkeeping; the task handler
/// carries out the decisions.
public struct WorkflowRuns: Sendable, Hashable {
    /// What to do with a new trigger.
    public enum Decision: Sendable, Hashable {
        /// Start a new run now.
        case start
        /// Drop the trigger.
        case skip
        /// A run was queued; it starts when the active one ends.
        case queue
        /// Stop these runs, then start a new one.
        case replace(stopping: [TaskId])
    }

    public let policy: SurpassPolicy
    /// Active runs, oldest first.
    public private(set) var active: [TaskId] = []
    /// Whether a run waits for the active one to end (`Wait` keeps at most one).
    public private(set) var hasQueuedRun = false

    public init(policy: SurpassPolicy) {
        self.policy = policy
    }

    /// The bookkeeping of a workflow as it was stored: `active` runs, and whether one is queued.
    public init(policy: SurpassPolicy, active: [TaskId], hasQueuedRun: Bool) {
        self.policy = policy
        self.active = active
        self.hasQueuedRun = hasQueuedRun
    }

    /// Decides what a trigger does now. `start` and `replace` expect `started` to follow.
    public mutating func trigger() -> Decision {
        guard !active.isEmpty else { return .start }
        switch policy {
        case .parallel:
            return .start
        case .skip:
            return .skip
        case .replace:
            return .replace(stopping: active)
        case .wait:
            if hasQueuedRun { return .skip }
            hasQueuedRun = true
            return .queue
        }
    }

    /// Records that a run has started.
    public mutating func started(_ id: TaskId) {
        active.append(id)
    }

    /// Drops the queued run (it was stopped before it started).
    public mutating func dropQueuedRun() {
        hasQueuedRun = false
    }

    /// Records that a run has ended; returns true when the queued run must start now.
    public mutating func ended(_ id: TaskId) -> Bool {
        active.removeAll { $0 == id }
        guard active.isEmpty, hasQueuedRun else { return false }
        hasQueuedRun = false
        return true
    }
}
