import ServiceLifecycle

/// Hands the clock to the task handler once every `interval`: steps past their deadline time
/// out and due cron triggers start runs. This is the core's timeout watcher and scheduler.
struct Ticker: Service {
    let clock: any CoreClock
    let interval: Duration
    let taskHandler: TaskHandler

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await clock.sleep(for: interval)
                await taskHandler.tick()
            }
        }
    }
}
