import Foundation
import Logging
import RotaBenchmarkSupport
import RotaCore
import RotaEngine
import RotaModel
import RotaStore

/// The end-to-end figures of one size: the core's ingress (`TaskHandler`) on a real SQLite store.
struct StoreFigures {
    let size: Int
    /// How long starting the runs took, every start stored, in seconds.
    let setupSeconds: Double
    let eventUnmatched: Samples
    let eventEndsRunAndRestart: Samples
}

/// Runs a `TaskHandler` on a `SQLiteStore` in a temporary folder with the workflows of
/// `workload` and one run of each background workflow, and times, many times over:
///
/// - a client event that matches nothing, as its sender waits for it (nothing to store);
/// - the event a background run waits for, followed by a start of that workflow again, until the
///   start is stored (batches are stored in order, so the ended run is stored by then too).
struct StoreMeasurement {
    let workload: ScaleWorkload
    let repeats: Int
    /// How many starts are in flight at once while the runs are set up.
    static let startsInFlight = 256

    func run() async throws -> StoreFigures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let metrics = CoreMetrics()
        var logger = Logger(label: "rota.scale")
        logger.logLevel = .critical
        let handler = TaskHandler(
            store: try SQLiteStore(path: folder.appendingPathComponent("rota.db").path), bus: MessageBus(queueLength: 100, metrics: metrics),
            clock: ManualClock(now: ScaleWorkload.start), timeZone: TimeZone(identifier: "UTC")!, metrics: metrics, commandRunner: NoCommands(),
            logger: logger)
        try await handler.load(workflows: try workload.workflows().map { Versioned($0, version: 1) }, subscribers: SubscriberDirectory())
        let flushing = Task { await handler.runFlushLoop() }
        defer { flushing.cancel() }

        let clock = ContinuousClock()
        let setupStarted = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workload.size {
                if index >= Self.startsInFlight { try await group.next() }
                group.addTask { try await Self.start(ScaleWorkload.backgroundId(index), on: handler) }
            }
            try await group.waitForAll()
        }
        let setup = (clock.now - setupStarted).components
        let setupSeconds = Double(setup.seconds) + Double(setup.attoseconds) / 1e18

        var eventUnmatched = Samples()
        var eventEndsRunAndRestart = Samples()
        for _ in 0..<repeats {
            var started = clock.now
            await handler.receive(.event(Event(messageType: ScaleWorkload.unmatched)), from: .client)
            eventUnmatched.append(clock.now - started)

            let woken = Int.random(in: 0..<workload.size)
            started = clock.now
            await handler.receive(.event(Event(messageType: ScaleWorkload.readyEvent(woken))), from: .client)
            try await Self.start(ScaleWorkload.backgroundId(woken), on: handler)
            eventEndsRunAndRestart.append(clock.now - started)
        }
        let running = await handler.runningTasks().count
        guard running == workload.size else { throw BenchmarkFailure("\(running) runs are active on the store, not \(workload.size)") }
        handler.finishFlushing()
        await flushing.value
        return StoreFigures(size: workload.size, setupSeconds: setupSeconds, eventUnmatched: eventUnmatched, eventEndsRunAndRestart: eventEndsRunAndRestart)
    }

    /// Starts a run of `workflow` and returns once it is stored.
    private static func start(_ workflow: String, on handler: TaskHandler) async throws {
        guard case .started = try await handler.start(workflow, reason: "scale") else {
            throw BenchmarkFailure("workflow \(workflow) did not start a run")
        }
    }
}

/// Runs no commands: the benchmark's workflows have none.
private struct NoCommands: CommandRunner {
    func run(_ command: String, in context: CommandContext) async -> CommandResult {
        .failure("the scale benchmark runs no commands")
    }
}
