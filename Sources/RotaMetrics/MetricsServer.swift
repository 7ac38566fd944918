import Hummingbird
import Logging
import RotaModel
import ServiceLifecycle

/// The HTTP server Prometheus scrapes: `GET /metrics` answers with the cached exposition and
/// never asks the core; `GET /` says where the metrics are.
struct MetricsServer: Service {
    let cache: MetricsCache
    let bind: String
    let port: Int
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
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(bind, port: port), serverName: "Rota metrics"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? -1
                listening.announce(port)
                logger.info("Rota metrics serving on http://\(bind):\(port)/metrics")
            },
            logger: logger)
        try await application.run()
    }
}
