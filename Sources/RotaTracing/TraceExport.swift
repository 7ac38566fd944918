import Logging
import OTel
import ServiceLifecycle
import Tracing

/// An OpenTelemetry tracer of one Rota process (the core, a worker, the metrics exporter) whose
/// finished spans go to a collector over OTLP/HTTP as JSON, in batches and in the background:
/// a collector that is slow, refuses connections or is not there costs the process a warning per
/// failed batch, never a wait. Run `service` beside the process's other services (first in its
/// group, so that it stops last and sends what the others ended).
///
/// The standard `OTEL_*` environment variables apply on top (e.g. `OTEL_EXPORTER_OTLP_HEADERS`
/// for a backend that wants a token, `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_SERVICE_NAME`).
public struct TraceExport: Sendable {
    /// Starts spans and carries their context into and out of messages and requests.
    public let tracer: any Tracer
    /// Exports the finished spans until a graceful shutdown, then sends what is left.
    public let service: any Service

    /// How long an export of one batch may take before it is given up.
    public static let exportTimeout: Duration = .seconds(5)
    /// How often finished spans are sent unless told otherwise (the OpenTelemetry default).
    public static let defaultScheduleDelay: Duration = .seconds(5)
    /// The most finished spans kept while they wait to be sent; more are dropped (and counted in
    /// a warning) until a batch is sent.
    public static let maximumQueuedSpans = 2048

    /// A tracer named `serviceName` (the `service.name` of its spans) exporting to `endpoint`
    /// every `scheduleDelay`; `logger` gets the exporter's warnings. Throws when the exporter
    /// cannot be built (e.g. an `OTEL_*` variable it cannot use).
    public init(endpoint: TracingEndpoint, serviceName: String, scheduleDelay: Duration = defaultScheduleDelay, logger: Logger) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = endpoint.tracesURL
        configuration.traces.otlpExporter.protocol = .httpJSON
        configuration.traces.otlpExporter.timeout = Self.exportTimeout
        configuration.traces.batchSpanProcessor.scheduleDelay = scheduleDelay
        configuration.traces.batchSpanProcessor.exportTimeout = Self.exportTimeout
        configuration.traces.batchSpanProcessor.maxQueueSize = Self.maximumQueuedSpans
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        tracer = backend.factory
        service = backend.service
    }
}
