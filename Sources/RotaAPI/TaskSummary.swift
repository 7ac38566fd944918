import Foundation

/// A running task as `GET /tasks` lists it: its workflow, start, current step, progress and errors.
public struct TaskSummary: APIContract, Hashable {
    public var taskId: String
    public var workflow: String
    public var startedAt: Date
    @Nullable public var currentStep: String?
    /// Percent done, 0 to 100, to a tenth.
    public var progress: Double
    public var errors: Int

    public init(taskId: String, workflow: String, startedAt: Date, currentStep: String?, progress: Double, errors: Int) {
        self.taskId = taskId
        self.workflow = workflow
        self.startedAt = startedAt
        self.currentStep = currentStep
        self.progress = progress
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case workflow, progress, errors
        case taskId = "task_id"
        case startedAt = "started_at"
        case currentStep = "current_step"
    }

    public static let schemaName = "TaskSummary"
    public static let example = TaskSummary(taskId: "5c0e2f1a", workflow: "nightly", startedAt: ExampleTime.date, currentStep: "collect", progress: 37.5, errors: 1)
}
