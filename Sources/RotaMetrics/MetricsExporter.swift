import Foundation
import Logging
import RotaClient
import RotaModel
import ServiceLifecycle
import Tracing

/// `rota metrics`: the actor that turns the inventory into Prometheus metrics. On every
/// `generate_metrics` step it runs its aggregations in the core and caches the result; its HTTP
/// server serves `GET /metrics` from that cache, so scrapes cost the core nothing and two scrapes
/// without a generation between them are identical.
///
/// Run it as a `Service`, alone or in a `ServiceGroup` beside others.
public final class MetricsExporter: Service, Sendable {
    /// The subscriber id of the exporter unless told otherwise.
    public static let defaultID: SubscriberId = "rota.metrics"
    /// The port of the metrics server unless told otherwise.
    public static let defaultPort = 9955

    /// The actor that talks to the core.
    public let actor: RotaActor
    private let cache = MetricsCache()
    private let server: MetricsServer
    private let listening = Announcement<Int>()

    /// An exporter of the core at `connection`, serving on `bind`:`port` (0 picks a free port),
    /// over HTTPS with `tls` when given. With a `tracer`, each `generate_metrics` is handled in a
    /// span, and the requests it makes to the core in child spans of it.
    public init(
        connection: CoreConnection, id: SubscriberId = MetricsExporter.defaultID, bind: String = "127.0.0.1",
        port: Int = MetricsExporter.defaultPort, tls: MetricsTLS? = nil, generateTimeout: Duration = .seconds(600), tracer: (any Tracer)? = nil,
        logger: Logger
    ) {
        actor = RotaActor(id: id, connection: connection, tracer: tracer, logger: logger)
        server = MetricsServer(cache: cache, bind: bind, port: port, tls: tls, listening: listening, logger: logger)
        let metrics = InventoryMetrics(api: CoreAPI(connection: connection, timeout: .seconds(120), tracer: tracer, logger: logger))
        let cache = cache
        actor.on("generate_metrics", timeout: generateTimeout) { context in
            let time = Date()
            let families = try await metrics.generate(at: time)
            cache.store(families, generated: time)
            let samples = families.reduce(0) { $0 + $1.samples.count }
            await context.info("generated \(families.count) metrics with \(samples) samples")
        }
    }

    /// Serves metrics and performs `generate_metrics` until a graceful shutdown or cancellation;
    /// when either part fails for good, the other is cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.actor.run() }
            group.addTask { try await self.server.run() }
            while try await group.next() != nil {}
        }
    }

    /// The port the metrics server listens on, once it does; throws `CancellationError` when
    /// the waiting task is cancelled first.
    public func port() async throws -> Int {
        try await listening.value()
    }

    /// Returns once the exporter is connected to the core.
    public func waitUntilConnected() async {
        await actor.waitUntilConnected()
    }

    /// When the metrics served were generated; nil before the first `generate_metrics`.
    public var generated: Date? {
        cache.current.generated
    }
}
