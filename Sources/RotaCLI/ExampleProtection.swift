import Foundation
import RotaClient
import RotaModel
import RotaWorker
import Synchronization

/// What `rota up` does after each collect: it protects the resources of the example cloud that
/// are expired but must survive cleanup (`ExampleCollector.protectedResourceIDs`), so that a
/// cleanup shows a protected resource being left alone. Each is protected once per process, as
/// soon as the core holds it; lifting the protection later through the API is respected.
final class ExampleProtection: Sendable {
    private let api: CoreAPI
    private let protected = Mutex<Set<String>>([])

    init(api: CoreAPI) {
        self.api = api
    }

    /// Protects, on every `post_collect` step the worker takes part in, what is not protected yet.
    func register(on worker: Worker) {
        worker.actor.on("post_collect") { context in
            for id in ExampleCollector.protectedResourceIDs.sorted() where !self.protected.withLock({ $0.contains(id) }) {
                do {
                    try await self.api.patch(CoreConnection.path("resources", id), json: ["protected": true])
                    self.protected.withLock { _ = $0.insert(id) }
                    await context.info("protected \(id): it is expired, and cleanup leaves it alone")
                } catch let error as CoreAPIError where error.status == 404 {
                    continue
                }
            }
        }
    }
}
