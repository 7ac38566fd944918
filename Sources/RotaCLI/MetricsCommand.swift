import ArgumentParser
import Logging
import RotaMetrics
import ServiceLifecycle

/// `rota metrics`: the actor that serves the inventory's metrics to Prometheus.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Run the metrics exporter: the inventory as Prometheus metrics on :9955/metrics.",
        discussion: """
            The exporter is an actor: on every generate_metrics step (the last phase of
            the collect, cleanup, metrics and collect_and_cleanup workflows) it asks the
            core for the inventory's counts and sums and keeps them. GET /metrics serves
            what it kept without asking the core: scrapes are cheap, and two scrapes
            without a generation between them are identical.

            Metrics (gauges; labels cloud, account, region, and kind where it applies):
              rota_resources_total                       resources
              rota_instance_cores_total                  cores of the instances
              rota_instance_memory_bytes                 memory of the instances
              rota_volume_size_bytes                     size of the volumes
              rota_resources_expired_total               resources past their expiry
              rota_resources_marked_for_cleanup_total    what the next cleanup deletes
              rota_metrics_generated_timestamp_seconds   when they were generated

            Until the first generate_metrics the metrics have no samples; start one
            with `rota workflows run metrics`. docs/METRICS.md has the details.

            Examples:
              rota metrics
              rota metrics --bind 0.0.0.0 --core http://rota.internal:8900 --psk "$KEY"
              rota metrics --core https://rota.internal:8900 --ca-cert ca.pem --tls-cert metrics.pem --tls-key metrics-key.pem
              rota metrics --core http://core-1:8900,http://core-2:8900   (follows the leader)
              curl -s localhost:9955/metrics | grep rota_resources_total
            """
    )

    @OptionGroup var core: CoreConnectionOptions

    @OptionGroup var tracing: TracingOptions

    @Option(help: ArgumentHelp("The port to serve /metrics on; 0 picks a free port.", valueName: "PORT"))
    var port = MetricsExporter.defaultPort

    @Option(help: ArgumentHelp("The address to serve on; 0.0.0.0 for every interface.", valueName: "ADDRESS"))
    var bind = "127.0.0.1"

    @Option(help: ArgumentHelp("The subscriber id.", valueName: "ID"))
    var id = MetricsExporter.defaultID

    @Option(help: ArgumentHelp("A PEM certificate (with its chain) to serve /metrics over HTTPS with; needs --tls-key.", valueName: "PATH"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "PATH"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "LEVEL"))
    var logLevel = "info"

    /// The certificate and key of `--tls-cert` and `--tls-key`, or nil without them; throws when
    /// only one is given or a file cannot be used.
    func serverTLS() throws -> MetricsTLS? {
        switch (tlsCert, tlsKey) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            let tls = MetricsTLS(certificatePath: certificate, keyPath: key)
            do {
                _ = try tls.configuration()
            } catch {
                throw ValidationError(error.description)
            }
            return tls
        default:
            throw ValidationError("--tls-cert and --tls-key go together: give both the certificate and its private key")
        }
    }

    func validate() throws {
        _ = try serverTLS()
        _ = try ActorLogging.level(logLevel)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be a port number from 0 to 65535, e.g. --port 9955") }
        guard !id.isEmpty else { throw ValidationError("--id must not be empty; e.g. --id \(MetricsExporter.defaultID)") }
    }

    func run() async throws {
        try PortAvailability.check(address: bind, port: port, flag: "--port", what: "the metrics exporter")
        ActorLogging.bootstrap(try ActorLogging.level(logLevel))
        let logger = Logger(label: "rota.metrics")
        let export = try tracing.export(serviceName: "rota-metrics", logger: logger)
        let exporter = MetricsExporter(
            connection: try core.connection(), id: id, bind: bind, port: port, tls: try serverTLS(), tracer: export?.tracer, logger: logger)
        let services: [any Service] = (export.map { [$0.service] } ?? []) + [exporter]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
