import ServiceLifecycle

/// On a graceful shutdown, closes every WebSocket connection with a reason before the HTTP
/// server stops, so actors know to reconnect later.
struct ConnectionCloser: Service {
    let bus: MessageBus

    func run() async throws {
        await withGracefulShutdownHandler {
            try? await gracefulShutdown()
        } onGracefulShutdown: {}
        await bus.closeAll(reason: "the core is shutting down")
    }
}
