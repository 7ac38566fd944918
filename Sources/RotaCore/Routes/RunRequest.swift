import Hummingbird
import RotaAPI
import RotaModel

/// Starts a run of a workflow (or a job's workflow) for a REST request, and answers with the run's
/// id, whether it started, queued or was skipped, and when the schedule runs it next.
enum RunRequest {
    /// Starts the run for the request of `context`; a run started or queued is recorded in the audit trail.
    static func start(_ workflowId: String, parts: CoreParts, context: CoreRequestContext) async throws -> Response {
        let result = try await parts.taskHandler.start(workflowId, reason: "API request")
        let status: RunStartAnswer.Status
        let taskId: TaskId?
        switch result {
        case .started(let id): (status, taskId) = (.started, id)
        case .queued(let id): (status, taskId) = (.queued, id)
        case .skipped: (status, taskId) = (.skipped, nil)
        }
        if status != .skipped {
            await parts.audit.record(
                .run, .started, target: taskId, change: ["workflow": .string(workflowId), "status": .string(status.rawValue)], by: context)
        }
        let jobId = JobWorkflow.jobId(of: workflowId)
        let answer = RunStartAnswer(
            taskId: taskId, workflow: jobId == nil ? workflowId : nil, job: jobId, status: status,
            scheduledNext: await parts.taskHandler.nextScheduledRun(of: workflowId))
        return try JSONResponse.make(answer, status: status == .started ? .ok : .accepted)
    }
}
