import RotaModel

/// The runs whose current step waits for an event, by the event's message type, so that an
/// event reaches only the runs that wait for its type rather than every run.
public struct EventWaitIndex: Sendable {
    private var runs: [String: Set<TaskId>] = [:]
    private var waiting: [TaskId: String] = [:]

    public init() {}

    /// Records that run `task` waits for events of `messageType`, or for none.
    public mutating func set(_ task: TaskId, waitsFor messageType: String?) {
        guard waiting[task] != messageType else { return }
        if let previous = waiting[task] {
            runs[previous]?.remove(task)
            if runs[previous]?.isEmpty == true { runs[previous] = nil }
        }
        waiting[task] = messageType
        if let messageType { runs[messageType, default: []].insert(task) }
    }

    /// The runs that wait for an event of `messageType`, in a stable order.
    public func runs(waitingFor messageType: String) -> [TaskId] {
        (runs[messageType] ?? []).sorted()
    }
}
