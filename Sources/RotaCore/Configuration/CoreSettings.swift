import Foundation
import Logging
import RotaEngine
import RotaModel

/// Everything `rota core` can be told, with its defaults. `CoreConfiguration` reads it from
/// flags, `ROTA_*` environment variables and a YAML file.
public struct CoreSettings: Sendable {
    /// The address to listen on.
    public var bindAddress = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port = 8900
    /// The SQLite file that holds subscribers, runs, history and resources.
    public var databasePath = ".rota/rota.db"
    /// The cron schedule of each default workflow that has one, by workflow id.
    public var schedules: [String: CronExpression] = DefaultWorkflows.standardSchedules
    /// The zone cron expressions are read in.
    public var timeZone: TimeZone = .current
    /// Seconds finished runs stay in the history.
    public var historyRetention: TimeInterval = 30 * 24 * 3600
    /// The largest WebSocket message accepted, in bytes.
    public var maxFrameSize = 1 << 20
    /// The largest JSON request body accepted, in bytes (resource merges have `maxMergeSize`).
    public var maxBodySize = 16 << 20
    /// Messages a listener may fall behind before it is disconnected.
    public var queueLength = 10_000
    /// Bytes of messages a listener may fall behind before it is disconnected.
    public var queueBytes = 8 << 20
    /// The largest resource merge body accepted, in bytes; it is kept on disk beside the database
    /// until the merge is written.
    public var maxMergeSize = 1 << 30
    /// Seconds a connection may stay without a request (a new one, or a kept-alive one between
    /// requests) before it is closed.
    public var idleTimeout: TimeInterval = 60
    /// Seconds a connection may send no byte while a request is being read before it is closed.
    public var readTimeout: TimeInterval = 30
    /// Connections served at once; a new one beyond it is closed at once.
    public var maxConnections = 20_000
    /// The most subscribers the core keeps; registering one more is refused with `429`.
    public var maxSubscribers = SubscriberLimits.subscribers
    /// The pre-shared key every request must be signed with, if any.
    public var psk: String?
    /// Seconds a subscriber may stay disconnected before it loses its subscriptions.
    public var subscriberTimeout: TimeInterval = 180
    /// Seconds after start during which no subscriber loses its subscriptions.
    public var subscriberStartupGrace: TimeInterval = 300
    /// Seconds a request waits for its change to be stored (while saves fail, say) before it is
    /// answered 503.
    public var saveTimeout: TimeInterval = 10
    /// How often the clock is read for timeouts and cron triggers.
    public var tickInterval: Duration = .seconds(1)
    /// How often the housekeeping chores run.
    public var housekeepingInterval: Duration = .seconds(10)
    /// The lowest level logged.
    public var logLevel: Logger.Level = .info
    /// The deepest run started in a cascade of runs that start one another (a job on `task_end`
    /// starting another, say): how many runs one run may lead to, one after another.
    public var cascadeDepth = Cascade.defaultLimit
    /// The largest `cascadeDepth` accepted: a run's stored state names every run that led to it.
    public static let largestCascadeDepth = 1000
    /// Whether `shell` commands may run in workflows and jobs.
    public var allowShell = false
    /// A folder of workflow definitions to load at start.
    public var workflowsDirectory: String?

    public init() {}
}
