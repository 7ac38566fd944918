import Hummingbird
import RotaModel
import RotaStore

/// The jobs: commands with one trigger. List, show, create or replace, delete, run, and turn
/// their trigger on and off.
struct JobRoutes {
    let parts: CoreParts

    func register(on router: Router<CoreRequestContext>) {
        router.get("/jobs") { _, _ in
            var list: [JSONValue] = []
            for job in await parts.catalog.allJobs() { list.append(await view(job)) }
            return try JSONResponse.make(.array(list))
        }
        router.get("/jobs/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let job = await parts.catalog.job(id) else { throw APIError.notFound("no job has the id \"\(id)\"") }
            return try JSONResponse.make(await view(job))
        }
        router.put("/jobs/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            let document = try await request.definitionDocument(limit: parts.settings.maxBodySize)
            let previous = await parts.catalog.job(id)
            do {
                let (job, created) = try await parts.catalog.putJob(document, id: id)
                await parts.audit.defined(.job, job, previous: previous, by: context)
                return try JSONResponse.make(await view(job), status: created ? .created : .ok)
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
        }
        router.delete("/jobs/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.job(id)
            do {
                try await parts.catalog.deleteJob(id)
                await parts.audit.record(.job, .deleted, target: id, change: ["version": .int(Int64(previous?.version ?? 0))], by: context)
            } catch let rejection as DefinitionRejection {
                throw APIError.rejected(rejection)
            }
            return Response(status: .noContent)
        }
        router.post("/jobs/{id}/run") { _, context in
            try await RunRequest.start(JobWorkflow.id(of: try context.parameters.decoded("id")), as: "job", parts: parts, context: context)
        }
        for (action, active) in [("activate", true), ("deactivate", false)] {
            router.post("/jobs/{id}/\(action)") { _, context in
                let id = try context.parameters.decoded("id")
                let previous = await parts.catalog.job(id)
                do {
                    let job = try await parts.catalog.setActive(active, job: id)
                    await parts.audit.activated(job, previous: previous, by: context)
                    return try JSONResponse.make(await view(job))
                } catch let rejection as DefinitionRejection {
                    throw APIError.rejected(rejection)
                }
            }
        }
    }

    private func view(_ job: Versioned<Job>) async -> JSONValue {
        guard case .object(var object) = APIViews.definition(job.definition.json) else { return .null }
        object["version"] = .int(Int64(job.version))
        object["scheduled_next"] = APIViews.time(await parts.taskHandler.nextScheduledRun(of: JobWorkflow.id(of: job.definition.id)))
        return .object(object)
    }
}
