import Hummingbird
import RotaModel

/// The workflows: list them, show one (with the steps no actor performs yet), start a run.
struct WorkflowRoutes {
    let parts: CoreParts

    func register(on router: Router<BasicRequestContext>) {
        router.get("/workflows") { _, _ in
            var list: [JSONValue] = []
            for (workflow, version) in await parts.taskHandler.allWorkflows() {
                list.append(APIViews.workflow(workflow, version: version, scheduledNext: await parts.taskHandler.nextScheduledRun(of: workflow.id)))
            }
            return try JSONResponse.make(.array(list))
        }
        router.get("/workflows/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let (workflow, version) = await parts.taskHandler.workflow(id) else { throw APIError.notFound(UnknownWorkflow(id: id).description) }
            guard case .object(var object) = APIViews.workflow(
                workflow, version: version, scheduledNext: await parts.taskHandler.nextScheduledRun(of: id))
            else { return try JSONResponse.make(.null) }
            var unperformed: [JSONValue] = []
            for step in workflow.steps {
                guard case .performAction(let messageType) = step.action else { continue }
                if await parts.registry.subscribers(of: messageType).isEmpty { unperformed.append(.string(step.name)) }
            }
            object["steps_without_subscribers"] = .array(unperformed)
            return try JSONResponse.make(.object(object))
        }
        router.post("/workflows/{id}/run") { _, context in
            let id = try context.parameters.require("id")
            let result: RunStart
            do {
                result = try await parts.taskHandler.start(id, reason: "API request")
            } catch {
                throw APIError.notFound("\(error)")
            }
            let status: String
            switch result {
            case .started: status = "started"
            case .queued: status = "queued"
            case .skipped: status = "skipped"
            }
            return try JSONResponse.make(
                [
                    "task_id": result.taskId.map(JSONValue.string) ?? .null, "workflow": .string(id), "status": .string(status),
                    "scheduled_next": APIViews.time(await parts.taskHandler.nextScheduledRun(of: id)),
                ], status: result.taskId == nil ? .accepted : .ok)
        }
    }
}
