import Hummingbird
import HummingbirdTLS
import Logging
import RotaModel
import ServiceLifecycle

/// The HTTP server Prometheus scrapes: `GET /metrics` answers with the cached exposition and
/// never asks the core; `GET /` says where the metrics are. With `tls`, it serves HTTPS.
struct MetricsServer: Service {
    let cache: MetricsCache
    let bind: String
    let port: Int
    let tls: MetricsTLS?
    let listening: Announcement<Int>
    let logger: Logger

    func run() async throws {
        let router = Router()
        let cache = cache
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: PrometheusText.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: cache.current.text)))
        }
        router.get("/") { _, _ in
            "Rota metrics exporter: the inventory's metrics are at /metrics\n"
        }
        let listening = listening
        let logger = logger
        let bind = bind
        let scheme = tls == nil ? "http" : "https"
        let application = Application(
            router: router,
            server: try tls.map { tls in try .tls(.http1(), tlsConfiguration: try tls.configuration()) } ?? .http1(),
            configuration: .init(address: .hostname(bind, port: port), serverName: "Rota metrics"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? -1
                listening.announce(port)
                logger.info("Rota metrics serving on \(scheme)://\(bind):\(port)/metrics")
            },
            logger: logger)
        try await application.run()
    }
}
