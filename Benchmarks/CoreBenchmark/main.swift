import Foundation
import HummingbirdWSClient
import Logging
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTracing
import Synchronization

// Runs the core in-process on loopback with N WebSocket subscribers that answer every action of
// the 12-step `collect_and_cleanup` workflow at once, with every transition stored in SQLite (or
// in PostgreSQL), and prints answers per second and the p50/p99 step transition time: from the
// last answer of a step to the moment the next step's action has reached every subscriber.
// Run it in release: `swift run -c release rota-core-bench [SUBSCRIBERS...] [--answers N]
// [--db sqlite|postgres://... ...] [--tracing]`; each `--db` is measured in turn, side by side.
// With `--tracing`, every measurement is made twice, with tracing off and with the core tracing
// every run (`--otel-endpoint`) to an OTLP/HTTP sink in the same process that reads and drops
// the spans, so that the two rows show what tracing costs.

let arguments = Array(CommandLine.arguments.dropFirst())
/// The value of option `name`, if given.
func option(_ name: String) -> Int? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
}
/// Every value of option `name`, in order.
func options(_ name: String) -> [String] {
    arguments.indices.filter { arguments[$0] == name && arguments.indices.contains($0 + 1) }.map { arguments[$0 + 1] }
}
let answersWanted = option("--answers") ?? 24_000
let repeats = option("--repeats") ?? 3
let optionValues = arguments.enumerated().filter { $0.offset > 0 && arguments[$0.offset - 1].hasPrefix("--") }.map(\.offset)
let subscriberCounts = arguments.enumerated().filter { !optionValues.contains($0.offset) && !$0.element.hasPrefix("--") }
    .compactMap { Int($0.element) }.nonEmpty ?? [1, 10, 100]
/// The stores measured: `sqlite` (a fresh file per measurement) or a PostgreSQL database's URL,
/// used by every measurement on it (a database for the benchmark alone: its runs stay there).
let databases = options("--db").nonEmpty ?? ["sqlite"]
/// Whether each measurement is made with tracing off and on; the sink the core then traces to.
let traceSink = arguments.contains("--tracing") ? TraceSink() : nil
let tracingModes = traceSink == nil ? [false] : [false, true]
let workflow = DefaultWorkflows.all().first { $0.id == "collect_and_cleanup" }!
let stepIndex = Dictionary(uniqueKeysWithValues: workflow.steps.enumerated().map { ($1.name, $0) })
let clock = ContinuousClock()

/// When a subscriber received an action and sent its answer, by run and step.
final class Timeline: Sendable {
    struct Key: Hashable { let task: String; let step: Int }
    let received = Mutex<[Key: ContinuousClock.Instant]>([:])
    let answered = Mutex<[Key: ContinuousClock.Instant]>([:])
}

/// One subscriber: answers every action with `action_done` as soon as it arrives.
func connectSubscriber(port: Int, id: String, timeline: Timeline, ready: AsyncStream<Void>.Continuation) -> Task<Void, any Error> {
    Task {
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/subscriber/\(id)/handle", logger: Logger(label: "bench")) {
            inbound, outbound, _ in
            ready.yield()
            for try await frame in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = frame, case .action(let action)? = try? Message(jsonText: text),
                    let step = stepIndex[action.step]
                else { continue }
                let key = Timeline.Key(task: action.task, step: step)
                let arrived = clock.now
                let answer = Message.actionDone(action).jsonText
                try await outbound.write(.text(answer))
                let sent = clock.now
                timeline.received.withLock { $0[key] = max($0[key] ?? arrived, arrived) }
                timeline.answered.withLock { $0[key] = max($0[key] ?? sent, sent) }
            }
        }
    }
}

/// Waits for every `task_end` on the bus.
func watchRunEnds(port: Int, ends: AsyncStream<String>.Continuation, ready: AsyncStream<Void>.Continuation) -> Task<Void, any Error> {
    Task {
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/events?show=task_end", logger: Logger(label: "bench")) { inbound, _, _ in
            ready.yield()
            for try await frame in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = frame, case .event(let event)? = try? Message(jsonText: text),
                    let task = event.data["task_id"]?.stringValue
                else { continue }
                ends.yield(task)
            }
        }
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// One measurement: runs made, answers per second, and the transition time's p50 and p99 in ms.
struct Measurement {
    var runs: Int
    var answersPerSecond: Double
    var p50: Double
    var p99: Double
}

/// Runs the workflow repeatedly with `count` subscribers on a fresh core (tracing to the sink
/// when `traced`) and measures it.
func measure(subscribers count: Int, database: String, traced: Bool) async throws -> Measurement {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-core-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    var settings = CoreSettings()
    settings.port = 0
    settings.databasePath = database == "sqlite" ? directory.appendingPathComponent("rota.db").path : database
    settings.schedules = [:]
    if traced, let traceSink { settings.otelEndpoint = try TracingEndpoint(traceSink.endpoint) }
    var logger = Logger(label: "rota.bench")
    logger.logLevel = .error
    let core = try await Core.open(settings: settings, logger: logger)
    let serving = Task { try await core.run() }
    let port = try await core.port()

    let (readyStream, ready) = AsyncStream<Void>.makeStream()
    let timeline = Timeline()
    var connections: [Task<Void, any Error>] = []
    for index in 0..<count {
        let id = "bench-\(index)"
        try await core.subscribe(id, to: workflow.steps.map { Subscription(messageType: $0.name, timeout: 60) })
        connections.append(connectSubscriber(port: port, id: id, timeline: timeline, ready: ready))
    }
    let (ends, endsContinuation) = AsyncStream<String>.makeStream()
    connections.append(watchRunEnds(port: port, ends: endsContinuation, ready: ready))
    var readyIterator = readyStream.makeAsyncIterator()
    for _ in 0...count { _ = await readyIterator.next() }

    let runs = max(3, answersWanted / (count * workflow.steps.count))
    var endIterator = ends.makeAsyncIterator()
    let started = clock.now
    for _ in 0..<runs {
        _ = try await core.start(workflow.id, reason: "benchmark")
        _ = await endIterator.next()
    }
    let elapsed = seconds(clock.now - started)

    let received = timeline.received.withLock { $0 }
    let answered = timeline.answered.withLock { $0 }
    var transitions: [Double] = []
    for (key, arrival) in received where key.step > 0 {
        guard let lastAnswer = answered[Timeline.Key(task: key.task, step: key.step - 1)] else { continue }
        transitions.append(seconds(arrival - lastAnswer) * 1000)
    }
    transitions.sort()
    let answers = runs * count * workflow.steps.count
    for connection in connections { connection.cancel() }
    await core.shutDown()
    _ = await serving.result
    return Measurement(runs: runs, answersPerSecond: Double(answers) / elapsed, p50: percentile(transitions, 0.5), p99: percentile(transitions, 0.99))
}

/// How `database` is named in the output: its password masked.
func storeName(_ database: String) -> String {
    database == "sqlite" ? "sqlite" : ((try? PostgresURL(database))?.description ?? PostgresURL.masked(database))
}

print("core: collect_and_cleanup (12 steps) over loopback WebSockets, every transition stored before it is published")
print("about \(answersWanted) answers per measurement; medians of \(repeats) measurements")
for database in databases where database != "sqlite" { print("postgresql: \(storeName(database))") }
let sinkServing = try await traceSink?.start()
if traceSink != nil { print("tracing on: every run traced over OTLP/HTTP (JSON) to a sink in this process that drops the spans") }
print("\nstore       subscribers   runs    answers/s   transition p50   transition p99\(traceSink == nil ? "" : "   tracing")")
for count in subscriberCounts {
    for database in databases {
        for traced in tracingModes {
            var measurements: [Measurement] = []
            for _ in 0..<repeats { measurements.append(try await measure(subscribers: count, database: database, traced: traced)) }
            func median(_ value: (Measurement) -> Double) -> Double { measurements.map(value).sorted()[measurements.count / 2] }
            let store = (database == "sqlite" ? "sqlite" : "postgresql").padding(toLength: 10, withPad: " ", startingAt: 0)
            print(
                store
                    + String(
                        format: " %12d %6d %12.0f %13.3f ms %13.3f ms", count, measurements[0].runs, median(\.answersPerSecond), median(\.p50),
                        median(\.p99))
                    + (traceSink == nil ? "" : traced ? "   on" : "   off"))
        }
    }
}
if let traceSink {
    let received = traceSink.received
    print("\nthe sink received \(received.exports) exports, \(received.bytes / 1024) KiB")
}
sinkServing?.cancel()

extension Collection {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
