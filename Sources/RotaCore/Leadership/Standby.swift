import Hummingbird
import HummingbirdCore
import Logging
import RotaStore
import ServiceLifecycle
import UnixSignals

/// A core on PostgreSQL that does not hold the lease: it serves on its own port, with its TLS
/// and pre-shared key, `GET /system/ping`, `GET /system/ready` (`503`, naming the leader) and
/// a `307` to the leader for every other request (WebSocket upgrades are refused with `503`),
/// while `LeaseSeeker` tries to take the lease. When it takes it, the standby server stops, so
/// that the core can serve on the same port as the leader.
struct Standby {
    let settings: CoreSettings
    let lease: LeaderLease
    let tls: ServerTLSContext?
    let authentication: Authentication
    let signals: [UnixSignal]
    let logger: Logger

    /// Takes the lease at once when it is free; else serves as a standby until it takes it.
    /// Returns the fence to write under; throws `CancellationError` when the core was shut down
    /// (by one of `signals`, or by cancelling the task) before it took the lease.
    func waitForLease() async throws -> LeaseFence {
        if let fence = try await lease.acquire() { return fence }
        let known = KnownLeader()
        known.update(try await lease.leader())
        logger.notice(
            "another core leads (\(known.liveURL ?? "its lease expires soon")); this core stands by and tries to take the lease every \(settings.leaseRetry)")
        let seeker = LeaseSeeker(lease: lease, retry: settings.leaseRetry, known: known, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server(known: known)),
                    .init(service: seeker, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: signals,
                logger: logger))
        try await group.run()
        guard let fence = seeker.taken else { throw CancellationError() }
        return fence
    }

    /// The standby's HTTP server, guarded like the leader's (connection limit and timeouts).
    private func server(known: KnownLeader) -> some Service {
        let router = Router(context: CoreRequestContext.self)
        router.add(middleware: ErrorAnswerMiddleware<CoreRequestContext>())
        router.add(middleware: AuthenticationMiddleware(authentication: authentication))
        router.add(middleware: StandbyMiddleware(known: known))
        let authentication = self.authentication
        let decide: WebSocketUpgradeChannel.Decide = { request, address, _ in
            let path = request.path.map { URI($0).path } ?? "/"
            if let refusal = await authentication.refusal(path: path, authorization: request.headerFields[.authorization], from: address) {
                return .refuse(refusal)
            }
            return .refuse(StandbyMiddleware.webSocketRefusal(leader: known.liveURL))
        }
        let settings = self.settings
        let tls = self.tls
        let logger = self.logger
        let timeouts = WebSocketUpgradeChannel.Timeouts(
            idle: .nanoseconds(Int64(settings.idleTimeout * 1e9)), read: .nanoseconds(Int64(settings.readTimeout * 1e9)))
        let gate = ConnectionGate(limit: settings.maxConnections, metrics: CoreMetrics(), logger: logger)
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in
                let channel = WebSocketUpgradeChannel(
                    routes: responder, decide: decide, maxFrameSize: settings.maxFrameSize, timeouts: timeouts, gate: gate, logger: logger)
                guard let tls else { return channel }
                return TLSServerChannel(base: channel, tls: tls)
            },
            configuration: .init(address: .hostname(settings.bindAddress, port: settings.port), serverName: "Rota"),
            onServerRunning: { channel in
                logger.info("Rota standby serving on \(tls == nil ? "http" : "https")://\(settings.bindAddress):\(channel.localAddress?.port ?? settings.port)")
            },
            logger: logger)
    }
}
