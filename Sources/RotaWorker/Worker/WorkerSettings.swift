import RotaModel

/// How a worker behaves: its subscriber id, whether it marks expired resources and deletes marked
/// ones, how much it does at once and how long each action may take.
public struct WorkerSettings: Sendable, Hashable {
    /// The subscriber id every worker has unless told otherwise.
    public static let defaultID: SubscriberId = "rota.worker"

    /// The subscriber id: one connection per id, so every worker of a core needs its own.
    public var id: SubscriberId
    /// The message type the worker collects on: `collect`, or one of its own, so that a workflow
    /// can collect with this worker alone (e.g. `collect_aws`).
    public var collectAction: String
    /// On `cleanup_plan`, mark the expired resources of the collected clouds for cleanup.
    public var cleanupExpired: Bool
    /// On `cleanup`, delete the marked resources; when false, only say what would be deleted.
    public var cleanup: Bool
    /// How many collectors collect at once, and how many deletions run at once.
    public var concurrency: Int
    /// How long a `collect` may take before the core is told it failed.
    public var collectTimeout: Duration
    /// How long a `cleanup_plan` may take.
    public var cleanupPlanTimeout: Duration
    /// How long a `cleanup` may take.
    public var cleanupTimeout: Duration

    public init(
        id: SubscriberId = WorkerSettings.defaultID, collectAction: String = "collect", cleanupExpired: Bool = false, cleanup: Bool = false,
        concurrency: Int = 4, collectTimeout: Duration = .seconds(3600), cleanupPlanTimeout: Duration = .seconds(600),
        cleanupTimeout: Duration = .seconds(3600)
    ) {
        self.id = id
        self.collectAction = collectAction
        self.cleanupExpired = cleanupExpired
        self.cleanup = cleanup
        self.concurrency = max(1, concurrency)
        self.collectTimeout = collectTimeout
        self.cleanupPlanTimeout = cleanupPlanTimeout
        self.cleanupTimeout = cleanupTimeout
    }
}
