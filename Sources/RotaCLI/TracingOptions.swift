import ArgumentParser
import Foundation
import Logging
import RotaTracing

/// `--otel-endpoint` of the shipped actors (`rota worker`, `rota metrics`): the OpenTelemetry
/// collector they send their spans to, from the flag or `ROTA_OTEL_ENDPOINT`.
struct TracingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Send spans to this OpenTelemetry collector over OTLP/HTTP, e.g. http://localhost:4318 (env ROTA_OTEL_ENDPOINT; docs/TRACING.md).",
            valueName: "URL"))
    var otelEndpoint: String?

    func validate() throws {
        _ = try endpoint()
    }

    /// `--otel-endpoint`, else `ROTA_OTEL_ENDPOINT`; nil when neither is set (or empty). Throws a
    /// usage error saying what is wrong with a malformed URL.
    func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TracingEndpoint? {
        let (source, text) = otelEndpoint.map { ("--otel-endpoint", $0) } ?? ("ROTA_OTEL_ENDPOINT", environment["ROTA_OTEL_ENDPOINT"] ?? "")
        guard !text.isEmpty else { return nil }
        do {
            return try TracingEndpoint(text)
        } catch {
            throw ValidationError("\(source): \"\(text.prefix(200))\" \(error.reason)")
        }
    }

    /// The export of the spans of the actor named `serviceName`, or nil without an endpoint.
    func export(serviceName: String, logger: Logger) throws -> TraceExport? {
        try endpoint().map { try TraceExport(endpoint: $0, serviceName: serviceName, logger: logger) }
    }
}
