import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore
import RotaTracing

/// Everything `rota core` can be told, with its defaults. `CoreConfiguration` reads it from
/// flags, `ROTA_*` environment variables and a YAML file.
public struct CoreSettings: Sendable {
    /// The address to listen on.
    public var bindAddress = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port = 8900
    /// Where subscribers, runs, history and resources are kept: a SQLite file, or a PostgreSQL
    /// database's URL (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`) that several cores may share.
    public var databasePath = ".rota/rota.db"
    /// The URL other cores and clients reach this core at, told to them while it leads; nil for
    /// `http(s)://<host name>:<port>`. Used with PostgreSQL only.
    public var advertiseURL: String?
    /// How long the leader's lease lasts without renewal: a standby takes over at most this long
    /// after the leader stopped answering. Used with PostgreSQL only.
    public var leaseDuration: Duration = .seconds(6)
    /// How often a standby tries to take the lease. Used with PostgreSQL only.
    public var leaseRetry: Duration = .seconds(1)
    /// The shortest and longest `leaseDuration` accepted.
    public static let leaseDurationBounds: ClosedRange<Duration> = .seconds(1) ... .seconds(300)
    /// The shortest and longest `leaseRetry` accepted.
    public static let leaseRetryBounds: ClosedRange<Duration> = .milliseconds(100) ... .seconds(60)
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
    /// Whether `/metrics` and `/system/ready` answer without a token on a core with a pre-shared
    /// key, so that a Prometheus (or a load balancer) that cannot sign requests can scrape them.
    public var openMetrics = false
    /// What the configuration holds that the core does not use, said at start: a
    /// `ROTA_SCHEDULE_*` variable that names no default workflow, say.
    public var configurationWarnings: [String] = []
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
    /// The PEM file of the certificate (and its chain) the core serves HTTPS and WSS with; with
    /// `tlsKeyPath`. Without both, the core speaks plain HTTP.
    public var tlsCertificatePath: String?
    /// The PEM file of the private key of `tlsCertificatePath`.
    public var tlsKeyPath: String?
    /// The PEM file of the certificate authorities a client's certificate must be signed by; when
    /// set, every connection must present one (mutual TLS).
    public var tlsClientCAPath: String?
    /// Whether the core may listen beyond the loopback interface without a pre-shared key or
    /// without TLS (it warns at start and every hour).
    public var insecure = false
    /// The hosts `http post` commands may reach; nil for any. Link-local and cloud metadata
    /// addresses are refused unless listed.
    public var webhookAllow: [String]?
    /// Failed authentications one address may make in a minute before it is answered `429`.
    public var authFailureLimit = 20
    /// The OpenTelemetry collector runs are traced to over OTLP/HTTP; nil traces nothing.
    public var otelEndpoint: TracingEndpoint?
    /// How often finished spans are sent to `otelEndpoint`.
    public var tracingExportDelay: Duration = TraceExport.defaultScheduleDelay

    /// Whether the core serves TLS.
    public var servesTLS: Bool { tlsCertificatePath != nil }

    /// Whether the database is a PostgreSQL database, which several cores may share.
    public var usesPostgres: Bool { PostgresURL.isPostgres(databasePath) }

    /// The URL this core tells standbys and clients to reach it at: `advertiseURL`, else
    /// `http(s)://<this machine's host name>:<port>`.
    public var advertisedURL: String {
        if let advertiseURL { return advertiseURL }
        return "\(servesTLS ? "https" : "http")://\(ProcessInfo.processInfo.hostName):\(port)"
    }

    /// Whether `bindAddress` is a loopback address, reachable from this machine only.
    public var bindsLoopbackOnly: Bool {
        let address = bindAddress.lowercased()
        return address == "localhost" || address == "::1" || address == "[::1]" || address.hasPrefix("127.")
    }

    /// What the core lacks to be exposed beyond this machine (a pre-shared key, TLS), when it
    /// listens beyond the loopback interface; empty when it lacks nothing or listens on loopback.
    var exposureGaps: [String] {
        guard !bindsLoopbackOnly else { return [] }
        var missing: [String] = []
        if psk == nil { missing.append("a pre-shared key (--psk or ROTA_PSK)") }
        if !servesTLS { missing.append("TLS (--tls-cert and --tls-key)") }
        return missing
    }

    /// Why the core must not start as configured, and what to add: it would listen beyond the
    /// loopback interface without a pre-shared key or without TLS, and `insecure` is not set.
    public var exposureRefusal: String? {
        let missing = exposureGaps
        guard !missing.isEmpty, !insecure else { return nil }
        return "the core would listen on \(bindAddress), beyond this machine, without \(missing.joined(separator: " and ")); "
            + "add \(missing.count == 1 ? "it" : "them"), bind to 127.0.0.1, or pass --insecure (ROTA_INSECURE=true) to serve it exposed anyway"
    }

    /// The warning of a core started with `insecure` that lacks a key or TLS; nil otherwise.
    var exposureWarning: String? {
        let missing = exposureGaps
        guard !missing.isEmpty, insecure else { return nil }
        return "insecure: the core listens on \(bindAddress), beyond this machine, without \(missing.joined(separator: " and ")); "
            + "anyone who reaches its port can run workflows and delete resources"
    }

    /// The settings' problems that no single setting shows: a certificate without its key, say.
    func combinationProblem() -> String? {
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            return "tls_cert and tls_key go together: give both the certificate and its private key"
        }
        if tlsClientCAPath != nil, tlsCertificatePath == nil {
            return "tls_client_ca asks clients for certificates over TLS: give tls_cert and tls_key too"
        }
        return nil
    }

    public init() {}
}
