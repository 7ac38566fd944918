import Foundation
import Logging
import RotaClient
import ServiceLifecycle
import UnixSignals

/// A failure the handler reports to the run's log.
struct NothingToPlan: Error, CustomStringConvertible {
    var description: String { "hello-actor has nothing to plan" }
}

let environment = ProcessInfo.processInfo.environment
let connection = CoreConnection(
    url: URL(string: environment["ROTA_CORE"] ?? "http://localhost:8900")!,
    psk: environment["ROTA_PSK"])
let logger = Logger(label: "hello-actor")
let actor = RotaActor(id: "hello-actor", connection: connection, logger: logger)

// The step `collect` of every run waits until this returns (or 2 minutes pass).
actor.on("collect", timeout: .seconds(120)) { action in
    await action.info("hello from \(action.step) of run \(action.task)")
    let regions = ["north", "south", "east", "west"]
    for (index, region) in regions.enumerated() {
        try await Task.sleep(for: .seconds(1))  // stands in for real work; throws when the run is stopped
        await action.progress("regions", current: Double(index + 1), total: Double(regions.count))
        action.logger.info("visited \(region)")
    }
}

// A thrown error fails the action: the run's log shows its description.
actor.on("cleanup_plan") { _ in
    throw NothingToPlan()
}

// Told of every `generate_metrics` step, which goes on without waiting for it.
actor.on("generate_metrics", waitForCompletion: false) { action in
    action.logger.info("metrics are being generated")
}

let services = ServiceGroup(configuration: .init(services: [actor], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
try await services.run()
