import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import RotaEngine
import RotaModel
import RotaStore
import ServiceLifecycle
import UnixSignals

/// The Rota core: the workflow engine behind the actor protocol's HTTP and WebSocket endpoints,
/// with its runs stored in SQLite, or in PostgreSQL shared with standby cores. `open` loads
/// everything stored (subscribers, unfinished runs, the last cron fires); `run` serves until the
/// task is cancelled or a graceful shutdown, or, on PostgreSQL, until the core loses its lease.
public final class Core: Sendable {
    public let settings: CoreSettings
    /// The core's own metrics.
    public let metrics: CoreMetrics
    let parts: CoreParts
    private let group: ServiceGroup
    private let listening = Announcement<Int>()
    /// The TLS context of new connections, when the core serves TLS.
    private let tls: ServerTLSContext?

    /// Opens the database, loads subscribers, definitions and unfinished runs, and prepares the
    /// services. The core runs the default workflows, the stored ones, those in
    /// `settings.workflowsDirectory` and `workflows`; a broken definition file stops the start,
    /// while a stored record that cannot be read is set aside (logged, and listed by
    /// `GET /system/set-aside`) and the rest starts. `signals` are the Unix signals that
    /// shut the core down gracefully (none in tests); with any, or with `reloadsOnHangup` (a core
    /// inside a larger service group), a core that serves TLS also reads its certificate again on
    /// SIGHUP. A certificate, key or client authority file that cannot be used stops the start
    /// with the file and the reason.
    ///
    /// On PostgreSQL (`settings.databasePath` is a `postgres://` URL), `open` returns once this
    /// core leads: it takes the lease at once when no core holds it, and otherwise serves as a
    /// standby (see `Standby`) until it takes it; it throws `CancellationError` when shut down
    /// while it stands by. The leader's lease is kept by a `LeaseKeeper` among its services,
    /// which releases it on a graceful shutdown and fails `run` when the lease is lost.
    public static func open(
        settings: CoreSettings, workflows: [Workflow] = [], clock: any CoreClock = SystemClock(), logger: Logger,
        signals: [UnixSignal] = [], reloadsOnHangup: Bool = false
    ) async throws -> Core {
        if let refusal = settings.exposureRefusal { throw ConfigurationError(refusal) }
        let tls = try settings.tlsCertificatePath.map { certificate throws(ConfigurationError) in
            try ServerTLSContext(files: .init(certificate: certificate, key: settings.tlsKeyPath ?? certificate, clientCA: settings.tlsClientCAPath))
        }
        let files = try settings.workflowsDirectory.map { directory throws(ConfigurationError) in try DefinitionFiles.load(from: directory) } ?? DefinitionFiles()
        let authentication = Authentication(
            psk: settings.psk, openMetrics: settings.openMetrics, failureLimit: settings.authFailureLimit, clock: clock, logger: logger)
        let opened = try await StoreOpening.open(
            settings: settings, tls: tls, authentication: authentication, signals: signals, logger: logger
        ) { record in
            logger.error(
                "a stored \(record.kind.rawValue) cannot be read and is set aside: \(record.reason)",
                metadata: ["kind": "\(record.kind.rawValue)", "id": "\(record.id)"])
        }
        let store = opened.store
        let metrics = CoreMetrics()
        let bus = MessageBus(queueLength: settings.queueLength, queueBytes: settings.queueBytes, metrics: metrics)
        let runner = OperationRunner(resources: store, clock: clock, allowShell: settings.allowShell, webhookAllow: settings.webhookAllow)
        let tracing = try CoreTracing(settings: settings, logger: logger)
        let taskHandler = TaskHandler(
            store: store, bus: bus, clock: clock, timeZone: settings.timeZone, metrics: metrics, commandRunner: runner, logger: logger,
            saveTimeout: .milliseconds(Int(settings.saveTimeout * 1000)), cascadeLimit: settings.cascadeDepth,
            crashAfterCommit: CrashAfterCommit.fromEnvironment(), tracer: tracing?.runs)
        let registry = SubscriptionRegistry(
            store: store, taskHandler: taskHandler, bus: bus, clock: clock, metrics: metrics, maxSubscribers: settings.maxSubscribers,
            logger: logger)
        let catalog = DefinitionCatalog(
            store: store, taskHandler: taskHandler, configuredSchedules: settings.schedules, allowShell: settings.allowShell, logger: logger)
        try files.check(with: catalog)
        let directory = try await registry.load()
        try await taskHandler.load(workflows: try await catalog.load(extra: files.workflows.map(\.definition) + workflows, jobs: files.jobs.map(\.definition)), subscribers: directory)
        let setAside = try await store.setAsideRecords()
        if !setAside.isEmpty {
            logger.warning(
                "\(setAside.count) stored records cannot be read and are set aside (GET /system/set-aside lists them): \(setAside.map { "\($0.kind.rawValue) \($0.id)" }.joined(separator: ", "))")
        }
        let parts = CoreParts(
            settings: settings, store: store, bus: bus, taskHandler: taskHandler, registry: registry, catalog: catalog, metrics: metrics,
            clock: clock, authentication: authentication, tracing: tracing, logger: logger)
        return Core(parts: parts, tls: tls, keeper: opened.keeper, signals: signals, reloadsOnHangup: reloadsOnHangup || !signals.isEmpty)
    }

    private init(parts: CoreParts, tls: ServerTLSContext?, keeper: LeaseKeeper?, signals: [UnixSignal], reloadsOnHangup: Bool) {
        self.parts = parts
        self.tls = tls
        settings = parts.settings
        metrics = parts.metrics
        let listening = self.listening
        let server = CoreServer(parts: parts)
        let maxFrameSize = parts.settings.maxFrameSize
        let timeouts = WebSocketUpgradeChannel.Timeouts(
            idle: .nanoseconds(Int64(parts.settings.idleTimeout * 1e9)), read: .nanoseconds(Int64(parts.settings.readTimeout * 1e9)))
        let gate = ConnectionGate(limit: parts.settings.maxConnections, metrics: parts.metrics, logger: parts.logger)
        let application = Application(
            router: server.router(),
            server: HTTPServerBuilder { responder in
                let channel = WebSocketUpgradeChannel(
                    routes: responder, decide: server.decideUpgrade, maxFrameSize: maxFrameSize, timeouts: timeouts, gate: gate,
                    logger: parts.logger)
                guard let tls else { return channel }
                return TLSServerChannel(base: channel, tls: tls)
            },
            configuration: .init(address: .hostname(parts.settings.bindAddress, port: parts.settings.port), serverName: "Rota"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? parts.settings.port
                listening.announce(port)
                parts.logger.info(
                    "Rota core serving on \(tls == nil ? "http" : "https")://\(parts.settings.bindAddress):\(port)",
                    metadata: ["database": "\(URLCredentials.masked(parts.settings.databasePath))"])
            },
            logger: parts.logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let tracing = parts.tracing {
            services.append(.init(service: tracing.service))
        }
        if let keeper {
            services.append(.init(service: keeper))
        }
        if let warning = parts.settings.exposureWarning {
            services.append(.init(service: ExposureWarning(clock: parts.clock, message: warning, interval: .seconds(3600), logger: parts.logger)))
        }
        if let warning = tls?.expiryWarning() { parts.logger.warning("\(warning)") }
        if let tls, reloadsOnHangup {
            services.append(.init(service: CertificateReloader(tls: tls, logger: parts.logger)))
        }
        group = ServiceGroup(
            configuration: .init(
                services: services + [
                    .init(service: RunFlusher(taskHandler: parts.taskHandler)),
                    .init(service: Ticker(clock: parts.clock, interval: parts.settings.tickInterval, taskHandler: parts.taskHandler)),
                    .init(
                        service: Housekeeping(
                            clock: parts.clock, registry: parts.registry, store: parts.store, settings: parts.settings, logger: parts.logger)),
                    .init(service: application),
                    .init(service: ConnectionCloser(bus: parts.bus)),
                ],
                gracefulShutdownSignals: signals,
                logger: parts.logger))
    }

    /// Serves until cancelled or shut down; a graceful shutdown closes every connection with a
    /// reason and stores what was handled before it returns.
    public func run() async throws {
        try await group.run()
    }

    /// Starts a run of workflow `id` with `input`, as `POST /workflows/{id}/run` does; `reason`
    /// goes to the log.
    public func start(_ id: String, reason: String, input: [String: JSONValue] = [:]) async throws(StartRefusal) -> RunStart {
        try await parts.taskHandler.start(id, reason: reason, input: input)
    }

    /// Replaces every subscription of subscriber `id`, as `PUT /subscriber/{id}` does.
    @discardableResult
    public func subscribe(_ id: SubscriberId, to subscriptions: [Subscription]) async throws -> Subscriber {
        try await parts.registry.replaceSubscriptions(of: id, with: subscriptions)
    }

    /// Reads the TLS certificate, key and client authorities again, as SIGHUP does: new
    /// connections get them, open ones go on. Throws why when a file cannot be used (the core then
    /// serves what it served) or when the core does not serve TLS.
    public func reloadCertificates() async throws(ConfigurationError) {
        guard let tls else { throw ConfigurationError("the core does not serve TLS: start it with --tls-cert and --tls-key") }
        try tls.reload()
        parts.logger.notice("TLS certificate reloaded from \(tls.files.certificate)")
        if let warning = tls.expiryWarning() { parts.logger.warning("\(warning)") }
    }

    /// Shuts the core down gracefully.
    public func shutDown() async {
        await group.triggerGracefulShutdown()
    }

    /// The port the core listens on, once it does; throws `CancellationError` when the waiting
    /// task is cancelled first (a core that cannot listen never announces one).
    public func port() async throws -> Int {
        try await listening.value()
    }
}
