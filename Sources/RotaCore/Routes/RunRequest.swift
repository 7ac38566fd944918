import Hummingbird
import RotaModel

/// Starts a run of a workflow (or a job's workflow) for a REST request, and answers with the run's
/// id, whether it started, queued or was skipped, and when the schedule runs it next.
enum RunRequest {
    /// Starts the run for the request of `context`; a run started or queued is recorded in the audit trail.
    static func start(_ workflowId: String, as name: String, parts: CoreParts, context: CoreRequestContext) async throws -> Response {
        let result: RunStart
        do {
            result = try await parts.taskHandler.start(workflowId, reason: "API request")
        } catch .unknownWorkflow {
            throw APIError.notFound("no \(name) has the id \"\(JobWorkflow.jobId(of: workflowId) ?? workflowId)\"")
        } catch .notStored(let unavailable) {
            throw unavailable
        }
        let status: String
        switch result {
        case .started: status = "started"
        case .queued: status = "queued"
        case .skipped: status = "skipped"
        }
        if status != "skipped" {
            await parts.audit.record(
                .run, .started, target: result.taskId, change: ["workflow": .string(workflowId), "status": .string(status)], by: context)
        }
        return try JSONResponse.make(
            [
                "task_id": result.taskId.map(JSONValue.string) ?? .null, name: .string(JobWorkflow.jobId(of: workflowId) ?? workflowId),
                "status": .string(status), "scheduled_next": APIViews.time(await parts.taskHandler.nextScheduledRun(of: workflowId)),
            ], status: result.taskId == nil ? .accepted : .ok)
    }
}
