import RotaCore
import ServiceLifecycle

/// A service of `rota up` that starts once the core of the same process listens, so that the
/// actors do not begin by failing to reach it. A shutdown before the core listens ends it
/// without starting the service.
struct AfterCoreListens: Service {
    let core: Core
    let service: any Service

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { _ = try await core.port() }
        } catch is CancellationError {
            return
        }
        try await service.run()
    }
}
