import ServiceLifecycle

/// Runs the task handler's flush loop (store, then publish) and its commands until the core shuts
/// down, and then flushes what is left, so no handled input is lost on a graceful stop.
struct RunFlusher: Service {
    let taskHandler: TaskHandler

    func run() async throws {
        await withGracefulShutdownHandler {
            await taskHandler.run()
        } onGracefulShutdown: {
            taskHandler.finishFlushing()
        }
    }
}
