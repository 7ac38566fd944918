import ArgumentParser
import Logging
import RotaWorker
import ServiceLifecycle

/// `rota worker`: the actor that collects resources into the core and cleans up what expired.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the worker: collect resources into the core, mark what expired, delete what is marked.",
        discussion: """
            The worker is an actor: it connects to the core (--core) and performs three
            steps of the workflows that reach them; collect_and_cleanup runs all three
            every full hour.

              collect        Every collector reads its cloud, side by side. Each (cloud,
                             account) it saw is streamed to the core, which replaces
                             what it held of that account.
              cleanup_plan   With --cleanup-expired: the expired resources of the
                             clouds the worker collected are marked for cleanup.
                             Protected resources are never marked.
              cleanup        With --cleanup: every marked resource is deleted through
                             the collector that owns it, children (a volume) before
                             their parents (its instance). Without --cleanup nothing
                             is deleted; the run's log lists what would have been.

            Collectors (--collector, separated by commas; docs/COLLECTORS.md):
              example                    a small made-up cloud with every expiry case
              random[:size=N][:seed=N]   a synthetic cloud of any size, for load
              local                      this host: processors, memory, disks, network
              exec:/path/to/program      any program that prints resources as JSON

            Examples:
              rota worker
              rota worker --collector example,local --cleanup-expired
              rota worker --collector exec:/opt/rota/vsphere.sh --cleanup-expired --cleanup
              ROTA_CORE=http://rota.internal:8900 ROTA_PSK=secret rota worker --id eu
              rota worker --core https://rota.internal:8900 --ca-cert ca.pem --cert worker.pem --cert-key worker-key.pem
              rota worker --core http://core-1:8900,http://core-2:8900   (follows the leader)
              rota worker --otel-endpoint http://localhost:4318   (traces, docs/TRACING.md)

            SIGINT (Ctrl-C) or SIGTERM stops the worker gracefully: running steps get
            10 seconds to finish and answer.
            """
    )

    @OptionGroup var core: CoreConnectionOptions

    @OptionGroup var tracing: TracingOptions

    @Option(help: ArgumentHelp("The subscriber id; every worker of a core needs its own.", valueName: "ID"))
    var id = WorkerSettings.defaultID

    @Option(
        name: .customLong("collector"),
        help: ArgumentHelp("The collectors, separated by commas.", valueName: "LIST"))
    var collectors = "example"

    @Option(
        help: ArgumentHelp(
            "The message type to collect on: collect, or one of the worker's own for a workflow that collects with it alone.",
            valueName: "TYPE"))
    var collectAction = "collect"

    @Flag(help: "On cleanup_plan, mark the expired resources of the collected clouds for cleanup.")
    var cleanupExpired = false

    @Flag(help: "On cleanup, delete the marked resources. Without it the worker only logs what it would delete.")
    var cleanup = false

    @Option(help: ArgumentHelp("How many collectors collect at once, and how many deletions run at once.", valueName: "N"))
    var concurrency = 4

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "LEVEL"))
    var logLevel = "info"

    func validate() throws {
        _ = try ActorLogging.level(logLevel)
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be a whole number of at least 1, e.g. --concurrency 4") }
        guard !id.isEmpty else { throw ValidationError("--id must not be empty; e.g. --id \(WorkerSettings.defaultID)") }
        guard !collectAction.isEmpty, !collectAction.contains(where: \.isWhitespace) else {
            throw ValidationError("--collect-action must be a message type without spaces, e.g. --collect-action collect_aws")
        }
        do {
            _ = try CollectorCatalog.collectors(named: collectors)
        } catch {
            throw ValidationError("--collector: \(error)")
        }
    }

    /// The worker's settings from the options.
    var settings: WorkerSettings {
        WorkerSettings(id: id, collectAction: collectAction, cleanupExpired: cleanupExpired, cleanup: cleanup, concurrency: concurrency)
    }

    func run() async throws {
        ActorLogging.bootstrap(try ActorLogging.level(logLevel))
        let logger = Logger(label: "rota.worker")
        let export = try tracing.export(serviceName: "rota-worker", logger: logger)
        let worker = Worker(
            collectors: try CollectorCatalog.collectors(named: collectors), connection: try core.connection(),
            settings: settings, tracer: export?.tracer, logger: logger)
        logger.info(
            "worker \(id) with \(worker.collectors.map(\.name).joined(separator: ", ")); cleanup of expired resources \(cleanupExpired ? "on" : "off"), deletion \(cleanup ? "on" : "off")")
        let services: [any Service] = (export.map { [$0.service] } ?? []) + [worker]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
