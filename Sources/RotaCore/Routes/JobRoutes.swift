import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// The jobs: commands with one trigger. List, show, create or replace, delete, run, and turn
/// their trigger on and off.
struct JobRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/jobs") { _, _ in
            var list: [JobView] = []
            for job in await parts.catalog.allJobs() { list.append(await view(job)) }
            return try JSONResponse.make(list)
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
            let (job, created) = try await parts.catalog.putJob(document, id: id)
            await parts.audit.defined(.job, job, previous: previous, by: context)
            return try JSONResponse.make(await view(job), status: created ? .created : .ok)
        }
        router.delete("/jobs/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            let previous = await parts.catalog.job(id)
            try await parts.catalog.deleteJob(id)
            await parts.audit.record(.job, .deleted, target: id, change: ["version": .int(Int64(previous?.version ?? 0))], by: context)
            return Response(status: .noContent)
        }
        router.post("/jobs/{id}/run") { request, context in
            try await RunRequest.start(JobWorkflow.id(of: try context.parameters.decoded("id")), request: request, parts: parts, context: context)
        }
        for (action, active) in [("activate", true), ("deactivate", false)] {
            router.post("/jobs/{id}/\(action)") { _, context in
                let id = try context.parameters.decoded("id")
                let previous = await parts.catalog.job(id)
                let job = try await parts.catalog.setActive(active, job: id)
                await parts.audit.activated(job, previous: previous, by: context)
                return try JSONResponse.make(await view(job))
            }
        }
    }

    private func view(_ job: Versioned<Job>) async -> JobView {
        APIViews.job(
            job.definition, version: job.version, scheduledNext: await parts.taskHandler.nextScheduledRun(of: JobWorkflow.id(of: job.definition.id)))
    }
}
