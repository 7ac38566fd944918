import Foundation
import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// The workflows: list them, show one (with the steps no actor performs yet), create, replace
/// and delete them, set a default workflow's schedule, and start a run.
struct WorkflowRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/workflows") { _, _ in
            var list: [WorkflowView] = []
            for workflow in await parts.catalog.allWorkflows() { list.append(await view(workflow)) }
            return try JSONResponse.make(list)
        }
        router.get("/workflows/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let workflow = await parts.catalog.workflow(id) else { throw APIError.notFound(UnknownWorkflow(id: id).description) }
            var unperformed: [String] = []
            for step in workflow.definition.steps {
                guard case .performAction(let messageType, _) = step.action else { continue }
                if await parts.registry.subscribers(of: messageType).isEmpty { unperformed.append(step.name) }
            }
            return try JSONResponse.make(
                WorkflowDetail(
                    workflow: await view(workflow), stepsWithoutSubscribers: unperformed,
                    nextFires: workflow.definition.cronFires(
                        after: parts.clock.now(), in: parts.settings.timeZone, count: WorkflowDetail.nextFireCount)))
        }
        router.put("/workflows/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            let document = try await request.definitionDocument(limit: parts.settings.maxBodySize)
            let previous = await parts.catalog.workflow(id)
            let (workflow, created) = try await parts.catalog.putWorkflow(document, id: id)
            await parts.audit.defined(.workflow, workflow, previous: previous, by: context)
            return try JSONResponse.make(await view(workflow), status: created ? .created : .ok)
        }
        router.delete("/workflows/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.workflow(id)
            try await parts.catalog.deleteWorkflow(id)
            await parts.audit.record(.workflow, .deleted, target: id, change: ["version": .int(Int64(previous?.version ?? 0))], by: context)
            return Response(status: .noContent)
        }
        router.put("/workflows/{id}/schedule") { request, context in
            let id = try context.parameters.decoded("id")
            let schedule = try await request.decoded(ScheduleRequest.self, limit: parts.settings.maxBodySize)
            let previous = await parts.catalog.workflow(id)
            let workflow = try await parts.catalog.setSchedule(schedule.cronExpression, of: id)
            await parts.audit.scheduled(.set, workflow, previous: previous, by: context)
            return try JSONResponse.make(await view(workflow))
        }
        router.delete("/workflows/{id}/schedule") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.workflow(id)
            let workflow = try await parts.catalog.resetSchedule(of: id)
            await parts.audit.scheduled(.reset, workflow, previous: previous, by: context)
            return try JSONResponse.make(await view(workflow))
        }
        router.post("/workflows/{id}/run") { request, context in
            try await RunRequest.start(try context.parameters.decoded("id"), request: request, parts: parts, context: context)
        }
    }

    private func view(_ workflow: Versioned<Workflow>) async -> WorkflowView {
        APIViews.workflow(
            workflow.definition, version: workflow.version,
            scheduledNext: await parts.taskHandler.nextScheduledRun(of: workflow.definition.id))
    }
}
