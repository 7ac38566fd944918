import RotaCore
import ServiceLifecycle

/// A service of `rota up` that starts once the core of the same process listens, so that the
/// actors do not begin by failing to reach it.
struct AfterCoreListens: Service {
    let core: Core
    let service: any Service

    func run() async throws {
        try await cancelWhenGracefulShutdown { _ = try await core.port() }
        try await service.run()
    }
}
