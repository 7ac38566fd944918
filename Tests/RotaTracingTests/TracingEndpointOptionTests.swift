import ArgumentParser
@testable import RotaCLI
import RotaCore
import RotaTracing
import Testing

/// `--otel-endpoint` and `ROTA_OTEL_ENDPOINT` of `rota core`, `rota up`, `rota worker` and
/// `rota metrics`: read, and refused with the reason when malformed.
@Suite struct TracingEndpointOptionTests {
    @Test func theCoreReadsTheEndpointFromTheFlagTheEnvironmentOrTheFile() throws {
        let fromFlag = try CoreConfiguration.resolve(flags: ["otel_endpoint": "http://collector:4318"], environment: [:], file: nil)
        #expect(fromFlag.otelEndpoint?.tracesURL == "http://collector:4318/v1/traces")
        let fromEnvironment = try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_OTEL_ENDPOINT": "https://otel.example.com"], file: nil)
        #expect(fromEnvironment.otelEndpoint?.tracesURL == "https://otel.example.com/v1/traces")
        let fromFile = try CoreConfiguration.resolve(flags: [:], environment: [:], file: ("rota.yaml", "otel_endpoint: http://localhost:4318\n"))
        #expect(fromFile.otelEndpoint?.tracesURL == "http://localhost:4318/v1/traces")
        #expect(try CoreConfiguration.resolve(flags: [:], environment: [:], file: nil).otelEndpoint == nil)
    }

    @Test(arguments: [
        (["--otel-endpoint", "grpc://localhost:4317"], "--otel-endpoint: \"grpc://localhost:4317\" must use http:// or https://"),
        (["--otel-endpoint", "localhost:4318"], "--otel-endpoint: \"localhost:4318\" must use http:// or https://"),
        (["--otel-endpoint", "http://"], "--otel-endpoint: \"http://\" has no host"),
    ])
    func theCoreRefusesAMalformedEndpoint(arguments: [String], message: String) {
        #expect {
            _ = try CoreCommand.parse(arguments)
        } throws: { error in
            CoreCommand.message(for: error).contains(message)
        }
    }

    @Test func theCoreRefusesAMalformedEndpointInTheEnvironment() {
        #expect {
            _ = try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_OTEL_ENDPOINT": "ftp://collector"], file: nil)
        } throws: { error in
            (error as? ConfigurationError)?.message == "ROTA_OTEL_ENDPOINT: \"ftp://collector\" must use http:// or https:// (OTLP/HTTP), not ftp://"
        }
    }

    @Test func upWorkerAndMetricsRefuseAMalformedEndpoint() {
        for command in [["up"], ["worker"], ["metrics"]] {
            #expect(throws: (any Error).self, "rota \(command[0])") {
                _ = try RotaCommand.parseAsRoot(command + ["--otel-endpoint", "udp://collector:4318"])
            }
        }
    }

    @Test func theActorsReadTheEndpointFromTheFlagOrTheEnvironment() throws {
        let flag = try TracingOptions.parse(["--otel-endpoint", "http://collector:4318"])
        #expect(try flag.endpoint(environment: ["ROTA_OTEL_ENDPOINT": "http://other:4318"])?.tracesURL == "http://collector:4318/v1/traces")
        let none = try TracingOptions.parse([])
        #expect(try none.endpoint(environment: ["ROTA_OTEL_ENDPOINT": "http://other:4318"])?.tracesURL == "http://other:4318/v1/traces")
        #expect(try none.endpoint(environment: [:]) == nil)
        #expect {
            try none.endpoint(environment: ["ROTA_OTEL_ENDPOINT": "not a url"])
        } throws: { error in
            (error as? ValidationError)?.message == "ROTA_OTEL_ENDPOINT: \"not a url\" is not a URL; use the OTLP/HTTP address of a collector, e.g. http://localhost:4318"
        }
    }
}
