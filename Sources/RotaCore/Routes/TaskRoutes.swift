import Hummingbird
import RotaModel
import RotaStore

/// The runs: the running ones, one run (running or finished), stopping one, and a run's log.
struct TaskRoutes {
    let parts: CoreParts

    func register(on router: Router<BasicRequestContext>) {
        router.get("/tasks") { _, _ in
            try JSONResponse.make(.array(await parts.taskHandler.runningTasks().map(APIViews.summary(of:))))
        }
        router.get("/tasks/{task_id}") { _, context in
            let id = try context.parameters.decoded("task_id")
            if let task = await parts.taskHandler.task(id) { return try JSONResponse.make(APIViews.detail(of: task)) }
            if let entry = try await parts.store.historyEntry(id) { return try JSONResponse.make(APIViews.history(entry, withSteps: true)) }
            throw APIError.notFound("no run has the id \"\(id)\"")
        }
        router.post("/tasks/{task_id}/stop") { _, context in
            let id = try context.parameters.decoded("task_id")
            guard await parts.taskHandler.stop(id, reason: "stopped through the API") else {
                if try await parts.store.historyEntry(id) != nil {
                    throw APIError(.conflict, "not_running", "the run \"\(id)\" has finished already")
                }
                throw APIError.notFound("no run has the id \"\(id)\"")
            }
            return try JSONResponse.make(["task_id": .string(id), "stopped": true])
        }
        router.get("/tasks/{task_id}/log") { _, context in
            let id = try context.parameters.decoded("task_id")
            let isRunning = await parts.taskHandler.task(id) != nil
            let isFinished = try await parts.store.historyEntry(id) != nil
            guard isRunning || isFinished else { throw APIError.notFound("no run has the id \"\(id)\"") }
            return try JSONResponse.make(.array(try await parts.store.log(of: id).map(APIViews.log)))
        }
    }
}
