import ArgumentParser
import Foundation
import RotaMetrics
import RotaWorker
import Testing

@testable import RotaCLI

/// `rota worker`, `rota metrics` and `rota up` as the command line reads them: defaults, and
/// values that stop the command before it starts, with what to type instead.
@Suite struct ActorCommandTests {
    /// The message a user sees for the arguments, or nil when they are accepted.
    private func refusal<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> String? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return command.message(for: error)
        }
    }

    @Test func theWorkerDefaultsToTheExampleCollectorWithNothingMarkedOrDeleted() throws {
        let worker = try WorkerCommand.parse([])
        #expect(worker.id == WorkerSettings.defaultID)
        #expect(worker.collectors == "example")
        #expect(!worker.cleanupExpired && !worker.cleanup)
        #expect(worker.concurrency == 4)
        #expect(try worker.core.connection(environment: [:]).url.absoluteString == "http://localhost:8900")
        #expect(worker.settings.collectAction == "collect")
        let configured = try WorkerCommand.parse(["--cleanup-expired", "--cleanup", "--collector", "example,local", "--id", "eu", "--collect-action", "collect_eu"])
        #expect(configured.settings == WorkerSettings(id: "eu", collectAction: "collect_eu", cleanupExpired: true, cleanup: true))
    }

    @Test func theWorkerReadsTheCoreAndKeyFromTheEnvironment() throws {
        let worker = try WorkerCommand.parse([])
        let connection = try worker.core.connection(environment: ["ROTA_CORE": "http://rota.internal:8900", "ROTA_PSK": "secret"])
        #expect(connection.url.absoluteString == "http://rota.internal:8900")
        #expect(connection.psk == "secret")
        let flags = try WorkerCommand.parse(["--core", "https://other:1", "--psk", "key"]).core.connection(environment: ["ROTA_PSK": "secret"])
        #expect(flags.url.absoluteString == "https://other:1" && flags.psk == "key")
    }

    @Test func badValuesStopTheCommandsWithWhatToTypeInstead() {
        #expect(refusal(WorkerCommand.self, ["--collector", "aws"])?.contains(#"--collector: unknown collector "aws"; known collectors: example"#) == true)
        #expect(refusal(WorkerCommand.self, ["--concurrency", "0"]) == "--concurrency must be a whole number of at least 1, e.g. --concurrency 4")
        #expect(refusal(WorkerCommand.self, ["--collect-action", "collect aws"])?.hasPrefix("--collect-action must be a message type") == true)
        #expect(refusal(WorkerCommand.self, ["--core", "localhost:8900"])?.contains("write it as http://HOST:PORT") == true)
        #expect(refusal(WorkerCommand.self, ["--log-level", "loud"])?.hasPrefix(#"--log-level "loud" is not a level"#) == true)
        #expect(refusal(MetricsCommand.self, ["--port", "70000"]) == "--port must be a port number from 0 to 65535, e.g. --port 9955")
        #expect(refusal(UpCommand.self, ["--port", "0"]) == "--port must be a fixed port for rota up, e.g. --port 8900")
        #expect(refusal(UpCommand.self, ["--port", "9000", "--metrics-port", "9000"])?.hasPrefix("--metrics-port 9000 is the core's port too") == true)
        #expect(refusal(UpCommand.self, ["--collector", "random:size=lots"])?.contains("size must be a whole number") == true)
    }

    @Test func theMetricsExporterServesOnItsPortOfLocalhostByDefault() throws {
        let metrics = try MetricsCommand.parse([])
        #expect(metrics.port == MetricsExporter.defaultPort && metrics.port == 9955)
        #expect(metrics.bind == "127.0.0.1")
        #expect(metrics.id == "rota.metrics")
    }

    @Test func aPortInUseIsNamedWithTheFlagThatChoosesAnother() async throws {
        try await withCore { core in
            #expect(throws: Never.self) { try PortAvailability.check(address: "127.0.0.1", port: 0, flag: "--port", what: "the core") }
            #expect {
                try PortAvailability.check(address: "127.0.0.1", port: core.port, flag: "--metrics-port", what: "the metrics exporter")
            } throws: { error in
                "\(error)" == "the metrics exporter cannot listen on 127.0.0.1:\(core.port): the port is in use (is another Rota running?); "
                    + "choose another with --metrics-port"
            }
        }
    }

    @Test func aCoreWhosePortIsTakenStopsBeforeItTouchesTheDatabase() async throws {
        try await withCore { core in
            let database = FileManager.default.temporaryDirectory.appendingPathComponent("rota-port-\(UUID().uuidString).db").path
            let command = try CoreCommand.parse(["--port", "\(core.port)", "--db", database])
            await #expect {
                try await command.run()
            } throws: { error in
                "\(error)".hasPrefix("the core cannot listen on 127.0.0.1:\(core.port): the port is in use") && "\(error)".hasSuffix("--port")
            }
            #expect(!FileManager.default.fileExists(atPath: database))
        }
    }

    @Test func theCommandsAreSubcommandsOfRota() throws {
        for name in ["worker", "metrics", "up"] {
            #expect(RotaCommand.configuration.subcommands.contains { $0.configuration.commandName == name })
        }
    }
}
