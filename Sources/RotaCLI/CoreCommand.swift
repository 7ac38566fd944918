import ArgumentParser
import Foundation
import Logging
import RotaCore

/// `rota core`: the service that runs workflows.
struct CoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Run the Rota core: the workflow engine, the actor protocol and the REST API.",
        discussion: """
            The core runs the default workflows (collect, cleanup, metrics and collect_and_cleanup, \
            the last every full hour) and speaks the actor protocol on its port: actors register \
            subscriptions and connect to /subscriber/ID/handle; users drive workflows through the \
            REST API (GET /openapi.yaml describes it). Runs, history and subscriptions are kept in \
            one SQLite file, so a restarted core resumes every unfinished run in its step.

            With --db postgres://USER[:PASSWORD]@HOST[:PORT]/DB several cores share one PostgreSQL \
            database: one leads (it holds a lease in the database, renewed every third of \
            --lease-duration) and the others stand by. A standby answers GET /system/ready with 503 \
            and the leader's --advertise-url, redirects every other request to the leader (307), and \
            takes the lease when the leader stops: at once after a graceful stop, within \
            --lease-duration after a crash. A leader that loses its lease exits with an error at \
            once; restarted, it stands by.

            Every setting can come from a flag, a ROTA_* environment variable or a YAML file \
            (--config), in that order of precedence:

              flag                  environment               file key
            \(CoreConfiguration.settings.map { "  \($0.flag.padding(toLength: 22, withPad: " ", startingAt: 0))\($0.environmentVariable.padding(toLength: 26, withPad: " ", startingAt: 0))\($0.key)" }.joined(separator: "\n"))
              --schedule ID=CRON    ROTA_SCHEDULE_<ID>        schedules: {ID: CRON}

            Example file:
              port: 8900
              db: /var/lib/rota/rota.db
              history_retention: 14d
              schedules:
                collect_and_cleanup: "30 * * * *"
                metrics: none
            """
    )

    @Option(help: ArgumentHelp("A YAML file of settings (env ROTA_CONFIG).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("The port to listen on (default 8900).", valueName: "PORT"))
    var port: String?

    @Option(help: ArgumentHelp("The address to listen on (default 127.0.0.1).", valueName: "ADDRESS"))
    var bind: String?

    @Option(help: ArgumentHelp("The SQLite database file (default .rota/rota.db), or a PostgreSQL database several cores share: postgres://USER[:PASSWORD]@HOST[:PORT]/DB (env ROTA_DB).", valueName: "PATH|URL"))
    var db: String?

    @Option(help: ArgumentHelp("The URL other cores and clients reach this core at while it leads (default http(s)://<host name>:<port>). PostgreSQL only; ignored with SQLite.", valueName: "URL"))
    var advertiseUrl: String?

    @Option(help: ArgumentHelp("How long the leader's lease lasts without renewal, 1s to 300s (default 6s): a standby takes over within it once the leader stops. PostgreSQL only; ignored with SQLite.", valueName: "DURATION"))
    var leaseDuration: String?

    @Option(help: ArgumentHelp("How often a standby tries to take the lease, 100ms to 60s (default 1s). PostgreSQL only; ignored with SQLite.", valueName: "DURATION"))
    var leaseRetry: String?

    @Option(help: ArgumentHelp("The zone cron expressions are read in (default: the system's).", valueName: "ZONE"))
    var timeZone: String?

    @Option(help: ArgumentHelp("How long finished runs stay in the history (default 30d).", valueName: "DURATION"))
    var historyRetention: String?

    @Option(help: ArgumentHelp("How long an actor may stay disconnected before it loses its subscriptions (default 3m).", valueName: "DURATION"))
    var subscriberTimeout: String?

    @Option(help: ArgumentHelp("The largest WebSocket message accepted (default 1MiB).", valueName: "SIZE"))
    var maxFrameSize: String?

    @Option(help: ArgumentHelp("The largest JSON request body accepted (default 16MiB).", valueName: "SIZE"))
    var maxBodySize: String?

    @Option(help: ArgumentHelp("Messages a connection may fall behind before it is closed (default 10000).", valueName: "COUNT"))
    var queueLength: String?

    @Option(help: ArgumentHelp("Bytes of messages a connection may fall behind before it is closed (default 8MiB).", valueName: "SIZE"))
    var queueBytes: String?

    @Option(help: ArgumentHelp("The largest resource merge accepted (default 1GiB).", valueName: "SIZE"))
    var maxMergeSize: String?

    @Option(help: ArgumentHelp("How long a connection may stay without a request before it is closed (default 60s).", valueName: "DURATION"))
    var idleTimeout: String?

    @Option(help: ArgumentHelp("How long a client may send nothing in the middle of a request (default 30s).", valueName: "DURATION"))
    var readTimeout: String?

    @Option(help: ArgumentHelp("Connections served at once (actors, event listeners, REST clients); one more is closed at once (default 20000). Keep the open-file limit (ulimit -n) above it.", valueName: "COUNT"))
    var maxConnections: String?

    @Option(help: ArgumentHelp("Subscribers the core keeps; registering one more is refused (default 100000).", valueName: "COUNT"))
    var maxSubscribers: String?

    @Option(help: ArgumentHelp("How long a request waits for its change to be stored before it is answered 503 (default 10s).", valueName: "DURATION"))
    var saveTimeout: String?

    @Option(help: ArgumentHelp("How many runs may start one another in a chain before the next is not started (default 8).", valueName: "COUNT"))
    var cascadeDepth: String?

    @Option(help: ArgumentHelp("Require tokens signed with this pre-shared key (env ROTA_PSK).", valueName: "KEY"))
    var psk: String?

    @Flag(help: "Serve /metrics and /system/ready without a token on a core with --psk, for a Prometheus that cannot sign requests.")
    var openMetrics = false

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info).", valueName: "LEVEL"))
    var logLevel: String?

    @Option(help: ArgumentHelp("A folder of workflow and job definitions to load at start (*.yaml, *.yml, *.json).", valueName: "DIR"))
    var workflows: String?

    @Flag(help: "Let workflows and jobs run shell commands (`shell ...` in a command).")
    var allowShell = false

    @Option(help: ArgumentHelp("A PEM certificate (with its chain) to serve HTTPS and WSS with; needs --tls-key. Reloaded on SIGHUP.", valueName: "PATH"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "PATH"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("PEM certificate authorities: every client must present a certificate signed by one (mutual TLS).", valueName: "PATH"))
    var tlsClientCa: String?

    @Flag(help: "Listen beyond this machine (--bind) without a pre-shared key or without TLS anyway; the core warns at start and every hour.")
    var insecure = false

    @Option(help: ArgumentHelp("The hosts `http post` may reach, comma-separated (default any); link-local and metadata addresses only when listed.", valueName: "HOSTS"))
    var webhookAllow: String?

    @Option(help: ArgumentHelp("Failed authentications one address may make per minute before it is answered 429 (default 20).", valueName: "COUNT"))
    var authFailureLimit: String?

    @Option(help: ArgumentHelp("Trace runs to this OpenTelemetry collector over OTLP/HTTP, e.g. http://localhost:4318 (env ROTA_OTEL_ENDPOINT; docs/TRACING.md).", valueName: "URL"))
    var otelEndpoint: String?

    @Option(
        name: .customLong("schedule"),
        help: ArgumentHelp("The cron schedule of a default workflow, or none; repeatable.", valueName: "ID=CRON"))
    var schedules: [String] = []

    func validate() throws {
        _ = try resolveSettings()
    }

    func run() async throws {
        let settings = try resolveSettings()
        try PortAvailability.check(address: settings.bindAddress, port: settings.port, flag: "--port", what: "the core")
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let logger = Logger(label: "rota.core")
        for warning in settings.configurationWarnings { logger.warning("\(warning)") }
        let core: Core
        do {
            core = try await Core.open(settings: settings, logger: logger, signals: [.sigterm, .sigint])
        } catch is CancellationError {
            logger.notice("the standby stopped")
            return
        }
        try await core.run()
    }

    /// The settings from flags, environment and the configuration file, or a usage error saying what is wrong.
    func resolveSettings() throws -> CoreSettings {
        let environment = ProcessInfo.processInfo.environment
        var flags: [String: String] = [:]
        let given: [(String, String?)] = [
            ("port", port), ("bind", bind), ("db", db), ("time_zone", timeZone), ("history_retention", historyRetention),
            ("subscriber_timeout", subscriberTimeout), ("max_frame_size", maxFrameSize), ("max_body_size", maxBodySize),
            ("queue_length", queueLength), ("queue_bytes", queueBytes), ("max_merge_size", maxMergeSize), ("idle_timeout", idleTimeout),
            ("read_timeout", readTimeout), ("max_connections", maxConnections), ("max_subscribers", maxSubscribers),
            ("save_timeout", saveTimeout), ("cascade_depth", cascadeDepth), ("psk", psk), ("open_metrics", openMetrics ? "true" : nil), ("log_level", logLevel), ("workflows", workflows),
            ("allow_shell", allowShell ? "true" : nil), ("tls_cert", tlsCert), ("tls_key", tlsKey), ("tls_client_ca", tlsClientCa),
            ("insecure", insecure ? "true" : nil), ("webhook_allow", webhookAllow), ("auth_failure_limit", authFailureLimit),
            ("advertise_url", advertiseUrl), ("lease_duration", leaseDuration), ("lease_retry", leaseRetry),
            ("otel_endpoint", otelEndpoint),
        ]
        for case (let key, let value?) in given { flags[key] = value }
        var scheduleFlags: [String: String] = [:]
        for entry in schedules {
            guard let equals = entry.firstIndex(of: "=") else {
                throw ValidationError("--schedule \(entry): write the workflow id, '=' and the cron expression, e.g. --schedule collect_and_cleanup=\"0 * * * *\"")
            }
            scheduleFlags[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        var file: (path: String, text: String)?
        if let path = config ?? environment["ROTA_CONFIG"] {
            do {
                file = (path, try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw ValidationError("cannot read the configuration file \(path): \(error.localizedDescription)")
            }
        }
        do {
            return try CoreConfiguration.resolve(flags: flags, scheduleFlags: scheduleFlags, environment: environment, file: file)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
