import Logging
import RotaStore

/// The parts of a running core that routes and connections talk to.
struct CoreParts: Sendable {
    let settings: CoreSettings
    let store: any Store
    let bus: MessageBus
    let taskHandler: TaskHandler
    let registry: SubscriptionRegistry
    let catalog: DefinitionCatalog
    let metrics: CoreMetrics
    let clock: any CoreClock
    let authentication: Authentication
    /// The core's tracing; nil when it exports no traces.
    let tracing: CoreTracing?
    let logger: Logger

    /// Where routes record the changes they made.
    var audit: AuditTrail {
        AuditTrail(store: store, clock: clock, logger: logger)
    }
}
