import Foundation
import RotaBenchmarkSupport
import RotaClient
import RotaMetrics
import RotaModel
import RotaWorker
import ServiceLifecycle

/// Whole `collect_and_cleanup` runs against a core on loopback, with a worker that collects the
/// `random` cloud, marks the expired resources and deletes them, and the metrics exporter: the
/// first run stores every resource, the second finds them unchanged.
struct CycleMeasurement {
    /// The steps whose time is shown beside the whole run's.
    static let shownSteps = ["collect", "cleanup_plan", "cleanup", "generate_metrics"]
    /// How long one run may take before the benchmark gives up on it.
    static let runLimit = Duration.seconds(600)

    /// One run: its whole time and the time of each shown step, in seconds.
    struct Run {
        var total: Double
        var steps: [String: Double]
    }

    let size: Int

    /// Runs the workflow twice on a fresh core; returns the two runs.
    func measure() async throws -> [Run] {
        let bench = try await BenchCore.start()
        let worker = Worker(
            collectors: [RandomCollector(size: size, seed: 7)], connection: bench.connection,
            settings: WorkerSettings(cleanupExpired: true, cleanup: true), logger: benchLogger("rota.worker"))
        let exporter = MetricsExporter(connection: bench.connection, port: 0, logger: benchLogger("rota.metrics"))
        let actors = ServiceGroup(services: [worker, exporter], logger: benchLogger("rota.bench"))
        let running = Task { try await actors.run() }
        defer { running.cancel() }
        await worker.waitUntilConnected()
        await exporter.waitUntilConnected()
        var runs: [Run] = []
        var failure: (any Error)?
        do {
            for _ in 0..<2 { runs.append(try await run(on: bench)) }
        } catch {
            failure = error
        }
        await actors.triggerGracefulShutdown()
        _ = await running.result
        await bench.stop()
        if let failure { throw failure }
        return runs
    }

    private func run(on bench: BenchCore) async throws -> Run {
        let clock = ContinuousClock()
        let started = clock.now
        let taskId = try await bench.api.post("/workflows/collect_and_cleanup/run")["task_id"]?.stringValue ?? ""
        var task: JSONValue = .null
        while task["state"]?.stringValue != "finished" {
            guard clock.now - started < Self.runLimit else { throw CycleFailure(task: task) }
            try await Task.pause(for: .milliseconds(10))
            task = try await bench.api.get(CoreConnection.path("tasks", taskId))
        }
        let total = seconds(clock.now - started)
        guard task["success"]?.boolValue == true else {
            throw CycleFailure(task: task)
        }
        var steps: [String: Double] = [:]
        for step in task["steps"]?.arrayValue ?? [] {
            guard let name = step["name"]?.stringValue, let start = Self.time(step["started_at"]), let end = Self.time(step["ended_at"]) else {
                continue
            }
            steps[name] = end.timeIntervalSince(start)
        }
        return Run(total: total, steps: steps)
    }

    private static func time(_ value: JSONValue?) -> Date? {
        value?.stringValue.flatMap(Timestamp.date)
    }
}

/// A run of the benchmark that did not succeed, with what the core said of it.
struct CycleFailure: Error, CustomStringConvertible {
    let task: JSONValue
    var description: String { "collect_and_cleanup did not succeed within \(CycleMeasurement.runLimit): \(task)" }
}
