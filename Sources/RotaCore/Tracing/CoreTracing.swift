import Logging
import RotaTracing
import ServiceLifecycle

/// A core's tracing, when it has an `--otel-endpoint`: the exporter of its spans and the
/// `RunTracer` that makes them from the runs' messages.
struct CoreTracing: Sendable {
    let export: TraceExport
    let runs: RunTracer

    /// The tracing `settings` ask for, or nil when they name no endpoint.
    init?(settings: CoreSettings, logger: Logger) throws {
        guard let endpoint = settings.otelEndpoint else { return nil }
        export = try TraceExport(endpoint: endpoint, serviceName: "rota-core", scheduleDelay: settings.tracingExportDelay, logger: logger)
        runs = RunTracer(tracer: export.tracer, logger: logger)
        logger.info("tracing runs to \(endpoint.tracesURL)")
    }

    /// Exports spans while the core serves. Listed first among the core's services, it stops
    /// last: the spans of runs still going are ended as interrupted, and everything ended is sent
    /// (for at most `TraceExport.exportTimeout`).
    var service: some Service {
        CoreTracingService(tracing: self)
    }
}

/// Runs a core's span export, and ends the spans of the runs still going when it shuts down.
private struct CoreTracingService: Service {
    let tracing: CoreTracing

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await tracing.export.service.run()
        } onGracefulShutdown: {
            tracing.runs.interruptAll()
        }
    }
}
