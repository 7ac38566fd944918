import Foundation

/// The answer to `POST /workflows/{id}/run` and `POST /jobs/{id}/run`: what the request led to
/// under the workflow's surpass policy, the run's id, and when the schedule runs it next.
public struct RunStartAnswer: APIContract, Hashable {
    /// What a request to start a run led to.
    public enum Status: String, Codable, Sendable, Hashable {
        case started, queued, skipped
    }

    /// The run's id: started, or queued to start when the active run ends; nil when skipped.
    @Nullable public var taskId: String?
    /// The workflow, when a workflow was run.
    public var workflow: String?
    /// The job, when a job was run.
    public var job: String?
    public var status: Status
    @Nullable public var scheduledNext: Date?

    public init(taskId: String?, workflow: String? = nil, job: String? = nil, status: Status, scheduledNext: Date?) {
        self.taskId = taskId
        self.workflow = workflow
        self.job = job
        self.status = status
        self.scheduledNext = scheduledNext
    }

    private enum CodingKeys: String, CodingKey {
        case workflow, job, status
        case taskId = "task_id"
        case scheduledNext = "scheduled_next"
    }

    public static let schemaName = "RunStart"
    public static let example = RunStartAnswer(taskId: "5c0e2f1a", workflow: "nightly", job: "nightly", status: .queued, scheduledNext: ExampleTime.date)
}
