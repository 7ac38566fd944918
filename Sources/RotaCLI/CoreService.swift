import RotaCore
import ServiceLifecycle

/// A core as one service of a larger `ServiceGroup` (`rota up`): it serves until the group
/// shuts down, and then shuts down gracefully with it.
struct CoreService: Service {
    let core: Core

    func run() async throws {
        try await core.run()
    }
}
