import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// The runs: the running ones, one run (running or finished), stopping one, and a run's log.
struct TaskRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/tasks") { _, _ in
            try JSONResponse.make(await parts.taskHandler.runningTasks().map(APIViews.summary(of:)))
        }
        router.get("/tasks/queued") { _, _ in
            try JSONResponse.make(await parts.taskHandler.queuedRuns().map(APIViews.queued))
        }
        router.get("/tasks/{task_id}") { _, context in
            let id = try context.parameters.decoded("task_id")
            switch try await parts.taskHandler.run(id) {
            case .queued(let run)?:
                return try JSONResponse.make(RunView.queued(APIViews.queued(run)))
            case .running(let task)?: return try JSONResponse.make(RunView.running(APIViews.detail(of: task)))
            case .finished(let entry)?:
                // A run that has just ended is answered once its end, and its log, are stored.
                try await parts.taskHandler.waitUntilStored()
                return try JSONResponse.make(RunView.finished(APIViews.finished(entry)))
            case nil: throw APIError.notFound("no run has the id \"\(id)\"")
            }
        }
        router.post("/tasks/{task_id}/stop") { _, context in
            let id = try context.parameters.decoded("task_id")
            guard try await parts.taskHandler.stop(id, reason: "stopped through the API") else {
                if try await parts.taskHandler.run(id) != nil {
                    throw APIError(.conflict, "not_running", "the run \"\(id)\" has finished already")
                }
                throw APIError.notFound("no run has the id \"\(id)\"")
            }
            await parts.audit.record(.run, .stopped, target: id, by: context)
            return try JSONResponse.make(StopAnswer(taskId: id))
        }
        router.get("/tasks/{task_id}/log") { _, context in
            let id = try context.parameters.decoded("task_id")
            guard try await parts.taskHandler.run(id) != nil else { throw APIError.notFound("no run has the id \"\(id)\"") }
            try await parts.taskHandler.waitUntilStored()
            return try JSONResponse.make(try await parts.store.log(of: id).map(APIViews.log))
        }
    }
}
