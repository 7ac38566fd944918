import ArgumentParser
import Foundation
import Logging
import RotaClient
import RotaCore
import RotaMetrics
import RotaModel
import RotaTracing
import RotaWorker
import ServiceLifecycle

/// `rota up`: the core, a worker and the metrics exporter in one process, for a first look and
/// for small installations.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run the core, a worker and the metrics exporter in one process.",
        discussion: """
            Everything Rota needs, at once:
              the core               http://127.0.0.1:8900, data in .rota/rota.db;
                                     its dashboard at http://127.0.0.1:8900/ui
              a worker               collectors example and local; marks expired
                                     resources for cleanup
              the metrics exporter   http://127.0.0.1:9955/metrics
            As soon as the worker is connected, collect_and_cleanup runs; then every
            full hour.

            The worker deletes nothing unless you pass --cleanup: the run's log then
            lists what would have been deleted. The example cloud has an expired
            instance that `rota up` protects after the collect
            (example:prod:instance:db-legacy), so that cleanup leaves it alone.

            The core's settings also come from ROTA_* variables, as for `rota core`:
            ROTA_PORT, ROTA_DB, ROTA_PSK, ROTA_LOG_LEVEL, ROTA_OTEL_ENDPOINT,
            ROTA_SCHEDULE_<ID>, ...

            With --otel-endpoint the core traces every run to an OpenTelemetry
            collector (OTLP/HTTP), and the worker and the exporter add their spans
            to the same traces (docs/TRACING.md).

            Then, in another terminal:
              rota workflows running             what runs now, with progress
              rota resources list --clean        marked for cleanup: what --cleanup deletes
              curl -s localhost:9955/metrics | grep rota_resources_total

            With --tls-cert and --tls-key the core and the exporter serve HTTPS (the
            core WSS too), and the worker and the exporter connect to
            https://localhost:PORT, so the certificate must hold the name localhost
            (rota up listens on 127.0.0.1 unless ROTA_BIND says otherwise). They trust the
            certificate authorities in --ca-cert; without it, the certificate file
            itself, which is enough for a self-signed certificate or a file that
            holds its chain up to the root. With --tls-client-ca they present --cert
            and --cert-key. SIGHUP reloads the core's certificate.

            Ctrl-C (SIGINT) or SIGTERM stops everything gracefully: the actors finish
            their steps, then the core stores what it handled. Unfinished runs go on
            at the next start.
            """
    )

    @Option(help: ArgumentHelp("The core's port (default 8900).", valueName: "PORT"))
    var port: String?

    @Option(help: ArgumentHelp("The SQLite database file (default .rota/rota.db), or a PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DB.", valueName: "PATH|URL"))
    var db: String?

    @Option(help: ArgumentHelp("A pre-shared key the core requires, and the actors sign with (env ROTA_PSK).", valueName: "KEY"))
    var psk: String?

    @Option(help: ArgumentHelp("The port of the metrics exporter.", valueName: "PORT"))
    var metricsPort = MetricsExporter.defaultPort

    @Option(
        name: .customLong("collector"),
        help: ArgumentHelp("The worker's collectors, separated by commas.", valueName: "LIST"))
    var collectors = "example,local"

    @Flag(help: "Let the worker delete the resources marked for cleanup.")
    var cleanup = false

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info).", valueName: "LEVEL"))
    var logLevel: String?

    @Option(help: ArgumentHelp("A PEM certificate (with its chain) the core and the exporter serve HTTPS with; needs --tls-key. Reloaded on SIGHUP.", valueName: "PATH"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "PATH"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("PEM certificate authorities: every client of the core must present a certificate signed by one (mutual TLS).", valueName: "PATH"))
    var tlsClientCa: String?

    @Option(
        name: .customLong("ca-cert"),
        help: ArgumentHelp("The certificate authorities the worker and the exporter trust for the core (default: the --tls-cert file).", valueName: "PATH"))
    var caCert: String?

    @Option(help: ArgumentHelp("The client certificate the worker and the exporter present to the core (with --tls-client-ca).", valueName: "PATH"))
    var cert: String?

    @Option(help: ArgumentHelp("The PEM private key of --cert.", valueName: "PATH"))
    var certKey: String?

    @Option(
        help: ArgumentHelp(
            "Trace runs, and the worker's and the exporter's work on them, to this OpenTelemetry collector over OTLP/HTTP, e.g. http://localhost:4318 (env ROTA_OTEL_ENDPOINT; docs/TRACING.md).",
            valueName: "URL"))
    var otelEndpoint: String?

    func validate() throws {
        let settings = try resolveSettings()
        guard settings.port != 0 else { throw ValidationError("--port must be a fixed port for rota up, e.g. --port 8900") }
        guard (1...65535).contains(metricsPort) else { throw ValidationError("--metrics-port must be a port number from 1 to 65535, e.g. --metrics-port 9955") }
        guard metricsPort != settings.port else {
            throw ValidationError("--metrics-port \(metricsPort) is the core's port too; give the exporter another, e.g. --metrics-port 9955")
        }
        do {
            _ = try CollectorCatalog.collectors(named: collectors)
        } catch {
            throw ValidationError("--collector: \(error)")
        }
        if settings.tlsClientCAPath != nil, cert == nil {
            throw ValidationError("--tls-client-ca asks every client for a certificate: give the worker and the exporter one with --cert and --cert-key")
        }
        do {
            _ = try Self.clientTLS(settings: settings, caCert: caCert, cert: cert, certKey: certKey)?.configuration()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// How the worker and the exporter speak TLS with the core: nil when it serves plain HTTP.
    static func clientTLS(settings: CoreSettings, caCert: String?, cert: String?, certKey: String?) -> ClientTLS? {
        guard let served = settings.tlsCertificatePath else { return nil }
        return ClientTLS(certificateAuthorityPath: caCert ?? served, certificatePath: cert, keyPath: certKey)
    }

    func run() async throws {
        let settings = try resolveSettings()
        try PortAvailability.check(address: settings.bindAddress, port: settings.port, flag: "--port", what: "the core")
        try PortAvailability.check(address: settings.bindAddress, port: metricsPort, flag: "--metrics-port", what: "the metrics exporter")
        ActorLogging.bootstrap(settings.logLevel)
        let logger = Logger(label: "rota.up")
        let core = try await Core.open(settings: settings, logger: Logger(label: "rota.core"), reloadsOnHangup: true)
        let clientTLS = Self.clientTLS(settings: settings, caCert: caCert, cert: cert, certKey: certKey)
        let scheme = settings.servesTLS ? "https" : "http"
        let coreHost = Self.host(connectingTo: settings.bindAddress, overTLS: settings.servesTLS)
        let connection = CoreConnection(
            url: URL(string: "\(scheme)://\(coreHost):\(settings.port)")!, psk: settings.psk, tls: clientTLS ?? ClientTLS())
        let serverTLS = try settings.tlsCertificatePath.map { certificate in
            let tls = MetricsTLS(certificatePath: certificate, keyPath: settings.tlsKeyPath ?? certificate)
            _ = try tls.configuration()
            return tls
        }
        let workerTracing = try Self.actorTracing("rota-worker", settings: settings, logger: Logger(label: "rota.worker"))
        let metricsTracing = try Self.actorTracing("rota-metrics", settings: settings, logger: Logger(label: "rota.metrics"))
        let worker = Worker(
            collectors: try CollectorCatalog.collectors(named: collectors), connection: connection,
            settings: WorkerSettings(cleanupExpired: true, cleanup: cleanup), tracer: workerTracing?.tracer, logger: Logger(label: "rota.worker"))
        if worker.collectors.contains(where: { $0 is ExampleCollector }) {
            ExampleProtection(api: CoreAPI(connection: connection)).register(on: worker)
        }
        let exporter = MetricsExporter(
            connection: connection, bind: settings.bindAddress, port: metricsPort, tls: serverTLS, tracer: metricsTracing?.tracer,
            logger: Logger(label: "rota.metrics"))
        let firstRun = ClosureService {
            do {
                try await cancelWhenGracefulShutdown {
                    try await startFirstRun(worker: worker, exporter: exporter, core: core, settings: settings)
                }
            } catch is CancellationError {
                // Stopped before the actors connected: there is no first run to start.
            }
        }
        let tracingServices = [workerTracing, metricsTracing].compactMap { $0?.service }.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        let group = ServiceGroup(
            configuration: .init(
                services: tracingServices + [
                    .init(service: CoreService(core: core)),
                    .init(service: AfterCoreListens(core: core, service: worker)),
                    .init(service: AfterCoreListens(core: core, service: exporter)),
                    .init(service: firstRun, successTerminationBehavior: .ignore),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        Self.say("Rota stopped; the data stays in \(Self.dataLocation(settings))")
    }

    /// Says where everything is once the core listens, and starts `collect_and_cleanup` once
    /// both actors are connected.
    private func startFirstRun(
        worker: Worker, exporter: MetricsExporter, core: Core, settings: CoreSettings
    ) async throws {
        let corePort = try await core.port()
        let metricsPort = try await exporter.port()
        let host = Self.host(connectingTo: settings.bindAddress, overTLS: settings.servesTLS)
        let scheme = settings.servesTLS ? "https" : "http"
        let deletion = cleanup ? "deletes them" : "lists them without deleting (--cleanup deletes)"
        Self.say(
            """
            Rota is up.
              dashboard: \(scheme)://\(host):\(corePort)/ui
              API:       \(scheme)://\(host):\(corePort)   (GET /openapi.yaml describes it)
              metrics:   \(scheme)://\(host):\(metricsPort)/metrics
              data:      \(Self.dataLocation(settings))
              worker:    \(worker.collectors.map(\.name).joined(separator: ", ")); marks expired resources and \(deletion)
            collect_and_cleanup runs as soon as the worker is connected, then every full hour.
            Press Ctrl-C to stop.
            """)
        await worker.waitUntilConnected()
        await exporter.waitUntilConnected()
        try Task.checkCancellation()
        switch try await core.start("collect_and_cleanup", reason: "rota up started") {
        case .started(let taskId):
            Self.say("collect_and_cleanup started: run \(taskId) (rota workflows running shows its progress)")
        case .queued, .skipped:
            Self.say("collect_and_cleanup is already running; it runs again every full hour")
        }
    }

    /// The span export of the actor named `serviceName` to the core's `--otel-endpoint`, or nil
    /// without one. Listed first in the group, it stops last and sends what the actor ended.
    private static func actorTracing(_ serviceName: String, settings: CoreSettings, logger: Logger) throws -> TraceExport? {
        try settings.otelEndpoint.map { try TraceExport(endpoint: $0, serviceName: serviceName, logger: logger) }
    }

    /// The settings of the core: the flags given here, then `ROTA_*` variables, then defaults.
    private func resolveSettings() throws -> CoreSettings {
        var flags: [String: String] = [:]
        let given = [
            ("port", port), ("db", db), ("psk", psk), ("log_level", logLevel), ("tls_cert", tlsCert), ("tls_key", tlsKey),
            ("tls_client_ca", tlsClientCa), ("otel_endpoint", otelEndpoint),
        ]
        for case (let key, let value?) in given { flags[key] = value }
        do {
            return try CoreConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment, file: nil)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Where a local client reaches a server bound to `address`. Over TLS a loopback server is
    /// reached as `localhost`: the name its certificate holds, and a WebSocket over TLS needs a name.
    private static func host(connectingTo address: String, overTLS: Bool) -> String {
        if overTLS, ["0.0.0.0", "", "127.0.0.1", "::", "::1", "localhost"].contains(address) { return "localhost" }
        switch address {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::": return "[::1]"
        default: return address.contains(":") ? "[\(address)]" : address
        }
    }

    /// Where the data is kept: the SQLite file's full path, or the PostgreSQL URL with its
    /// password masked.
    private static func dataLocation(_ settings: CoreSettings) -> String {
        guard !settings.usesPostgres else { return URLCredentials.masked(settings.databasePath) }
        return URL(fileURLWithPath: settings.databasePath).standardizedFileURL.path
    }

    /// Writes a message for the person who started `rota up` to standard output, at once.
    private static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
