import Foundation
import Logging
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import RotaTracing
import ServiceLifecycle
import Synchronization

extension CoreSettings {
    /// Traces runs to `endpoint`, sending spans every 100 ms so that a test need not wait.
    mutating func trace(to endpoint: String) {
        otelEndpoint = try! TracingEndpoint(endpoint)
        tracingExportDelay = .milliseconds(100)
    }
}

/// Values that handlers record, read by the test.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func record(_ value: Value) {
        values.withLock { $0.append(value) }
    }

    var all: [Value] { values.withLock { $0 } }
}

/// Runs `export`'s service while `body` runs, and shuts it down gracefully afterwards, so that
/// the spans ended in `body` are sent.
func withExport<T>(_ export: TraceExport, _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: [export.service], logger: testLogger("rota.test.otel")))
    let exporting = Task { try await group.run() }
    do {
        let result = try await body()
        await group.triggerGracefulShutdown()
        try await exporting.value
        return result
    } catch {
        await group.triggerGracefulShutdown()
        _ = await exporting.result
        throw error
    }
}

/// A span export to `receiver` named `service`, sending every 100 ms.
func export(to receiver: OTLPReceiver, as service: String) throws -> TraceExport {
    try TraceExport(endpoint: TracingEndpoint(receiver.endpoint), serviceName: service, scheduleDelay: .milliseconds(100), logger: testLogger("rota.test.otel"))
}

/// An actor for `core` that answers every action of `messageTypes` and records the context of each.
func recordingActor(
    _ id: SubscriberId, of core: TestCore, for messageTypes: [String], tracer: TraceExport? = nil, logger: Logger = testLogger("rota.test.actor")
) -> (RotaActor, Recorder<ActionContext>) {
    let actor = RotaActor(id: id, connection: core.connection, tracer: tracer?.tracer, logger: logger)
    let contexts = Recorder<ActionContext>()
    for messageType in messageTypes {
        actor.on(messageType) { context in contexts.record(context) }
    }
    return (actor, contexts)
}

/// Runs `actor` while `body` runs, once it is connected.
func withConnected<T>(_ actor: RotaActor, _ body: () async throws -> T) async throws -> T {
    try await withRunning(actor, ready: { await actor.waitUntilConnected() }, body)
}

extension [ReceivedSpan] {
    /// The spans the core made for run `taskId`.
    func ofRun(_ taskId: String) -> [ReceivedSpan] {
        filter { $0.service == "rota-core" && $0.string("rota.task_id") == taskId }
    }

    /// The one span named `name` with `parent` as its parent span.
    func one(_ name: String, under parent: ReceivedSpan?) -> ReceivedSpan? {
        let found = filter { $0.name == name && $0.parentSpanId == parent?.spanId }
        return found.count == 1 ? found.first : nil
    }
}
