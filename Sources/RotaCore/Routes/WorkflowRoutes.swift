import Hummingbird
import RotaModel
import RotaStore

/// The workflows: list them, show one (with the steps no actor performs yet), create, replace
/// and delete them, set a default workflow's schedule, and start a run.
struct WorkflowRoutes {
    let parts: CoreParts

    func register(on router: Router<CoreRequestContext>) {
        router.get("/workflows") { _, _ in
            var list: [JSONValue] = []
            for workflow in await parts.catalog.allWorkflows() { list.append(await view(workflow)) }
            return try JSONResponse.make(.array(list))
        }
        router.get("/workflows/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let workflow = await parts.catalog.workflow(id) else { throw APIError.notFound(UnknownWorkflow(id: id).description) }
            guard case .object(var object) = await view(workflow) else { return try JSONResponse.make(.null) }
            var unperformed: [JSONValue] = []
            for step in workflow.definition.steps {
                guard case .performAction(let messageType) = step.action else { continue }
                if await parts.registry.subscribers(of: messageType).isEmpty { unperformed.append(.string(step.name)) }
            }
            object["steps_without_subscribers"] = .array(unperformed)
            return try JSONResponse.make(.object(object))
        }
        router.put("/workflows/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            let document = try await request.definitionDocument(limit: parts.settings.maxBodySize)
            let previous = await parts.catalog.workflow(id)
            do {
                let (workflow, created) = try await parts.catalog.putWorkflow(document, id: id)
                await parts.audit.defined(.workflow, workflow, previous: previous, by: context)
                return try JSONResponse.make(await view(workflow), status: created ? .created : .ok)
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
        }
        router.delete("/workflows/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.workflow(id)
            do {
                try await parts.catalog.deleteWorkflow(id)
                await parts.audit.record(.workflow, .deleted, target: id, change: ["version": .int(Int64(previous?.version ?? 0))], by: context)
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
            return Response(status: .noContent)
        }
        router.put("/workflows/{id}/schedule") { request, context in
            let id = try context.parameters.decoded("id")
            let body = try await request.json(limit: parts.settings.maxBodySize)
            let schedule: String?
            switch body["cron_expression"] {
            case .string(let text)?: schedule = text
            case .null?: schedule = nil
            default: throw APIError.badRequest("send {\"cron_expression\": \"0 * * * *\"}, or null for no schedule", path: "cron_expression")
            }
            let previous = await parts.catalog.workflow(id)
            do {
                let workflow = try await parts.catalog.setSchedule(schedule, of: id)
                await parts.audit.scheduled(.set, workflow, previous: previous, by: context)
                return try JSONResponse.make(await view(workflow))
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
        }
        router.delete("/workflows/{id}/schedule") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.workflow(id)
            do {
                let workflow = try await parts.catalog.resetSchedule(of: id)
                await parts.audit.scheduled(.reset, workflow, previous: previous, by: context)
                return try JSONResponse.make(await view(workflow))
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
        }
        router.post("/workflows/{id}/run") { _, context in
            try await RunRequest.start(try context.parameters.decoded("id"), as: "workflow", parts: parts, context: context)
        }
    }

    private func view(_ workflow: Versioned<Workflow>) async -> JSONValue {
        APIViews.workflow(
            workflow.definition, version: workflow.version,
            scheduledNext: await parts.taskHandler.nextScheduledRun(of: workflow.definition.id))
    }
}
