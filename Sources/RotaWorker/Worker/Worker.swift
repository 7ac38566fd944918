import Logging
import RotaClient
import RotaModel
import ServiceLifecycle
import Tracing

/// `rota worker`: the actor that keeps the core's inventory true. On `collect` its collectors
/// read their clouds and the worker streams what they saw to the core; on `cleanup_plan` it
/// marks what expired (with `cleanupExpired`); on `cleanup` it deletes what is marked through the
/// collector that owns it (with `cleanup`, else it only says what it would delete).
///
/// Run it as a `Service`, alone or in a `ServiceGroup` beside others.
public final class Worker: Service, Sendable {
    /// The actor that talks to the core; add handlers of other message types before `run()`.
    public let actor: RotaActor
    public let settings: WorkerSettings
    /// The collectors, in the order they were given.
    public let collectors: [any Collector]

    /// A worker with `collectors` for the core at `connection`. With a `tracer`, each action is
    /// handled in a span, and the requests it makes to the core in child spans of it.
    public init(
        collectors: [any Collector], connection: CoreConnection, settings: WorkerSettings = WorkerSettings(), tracer: (any Tracer)? = nil,
        logger: Logger
    ) {
        self.settings = settings
        self.collectors = collectors
        actor = RotaActor(id: settings.id, connection: connection, shutdownGrace: .seconds(10), tracer: tracer, logger: logger)
        let inventory = CoreInventory(api: CoreAPI(connection: connection, timeout: .seconds(120), tracer: tracer, logger: logger))
        let collectedClouds = CloudSet()
        let collect = CollectAction(
            collectors: collectors, inventory: inventory, concurrency: settings.concurrency, collectedClouds: collectedClouds)
        let plan = CleanupPlanAction(inventory: inventory, cleanupExpired: settings.cleanupExpired, collectedClouds: collectedClouds)
        let cleanup = CleanupAction(
            collectors: collectors, inventory: inventory, cleanup: settings.cleanup, concurrency: settings.concurrency)
        actor.on(settings.collectAction, timeout: settings.collectTimeout, perform: collect.perform)
        actor.on("cleanup_plan", timeout: settings.cleanupPlanTimeout, perform: plan.perform)
        actor.on("cleanup", timeout: settings.cleanupTimeout, perform: cleanup.perform)
    }

    /// Connects to the core and performs actions until a graceful shutdown or cancellation.
    public func run() async throws {
        try await actor.run()
    }

    /// Returns once the worker is connected to the core.
    public func waitUntilConnected() async {
        await actor.waitUntilConnected()
    }
}
