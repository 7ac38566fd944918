import Foundation

/// A run queued behind the active run of its workflow (surpass `Wait`), as `GET /tasks/{task_id}`
/// answers it: it keeps its id when it starts.
public struct QueuedRunView: APIContract, Hashable {
    public var taskId: String
    public var workflow: String
    /// Always `queued`.
    public var state: String
    public var queuedAt: Date

    public init(taskId: String, workflow: String, state: String = "queued", queuedAt: Date) {
        self.taskId = taskId
        self.workflow = workflow
        self.state = state
        self.queuedAt = queuedAt
    }

    private enum CodingKeys: String, CodingKey {
        case workflow, state
        case taskId = "task_id"
        case queuedAt = "queued_at"
    }

    public static let schemaName = "QueuedRun"
    public static let example = QueuedRunView(taskId: "5c0e2f1a", workflow: "nightly", queuedAt: ExampleTime.date)
}
