/// The answer to `POST /tasks/{task_id}/stop`.
public struct StopAnswer: APIContract, Hashable {
    public var taskId: String
    public var stopped: Bool

    public init(taskId: String, stopped: Bool = true) {
        self.taskId = taskId
        self.stopped = stopped
    }

    private enum CodingKeys: String, CodingKey {
        case stopped
        case taskId = "task_id"
    }

    public static let schemaName = "Stopped"
    public static let example = StopAnswer(taskId: "5c0e2f1a")
}
