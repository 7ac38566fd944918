import Foundation
import Testing

/// Fix Inventory 4.2.0's worker (`fixworker`, with the example collector plugin) and metrics
/// exporter (`fixmetrics`) in the virtual environment that `scripts/fixinventory/python-env.sh`
/// prepares, for running them against a real core as their users do.
public struct FixInventoryPython {
    /// The environment's interpreter; the programs lie beside it.
    public let interpreter: URL

    /// The worker's subscriber id for its actions (`collect`, `cleanup`): fixworker subscribes as
    /// its `--subscriber-id` (default `fix.worker`) followed by `-collector`.
    public static let workerSubscriber = "fix.worker-collector"

    /// The exporter's subscriber id (`generate_metrics`).
    public static let exporterSubscriber = "fix.metrics"

    /// The prepared environment. Where PyPI cannot be reached the calling test records a known
    /// issue and is cancelled; any other failure of the script fails the test.
    public static func prepare(sourceLocation: SourceLocation = #_sourceLocation) async throws -> FixInventoryPython {
        let interpreter = try await PythonEnvironment.interpreter(
            preparedBy: "scripts/fixinventory/python-env.sh", installing: "fixinventoryworker and fixinventorymetrics",
            sourceLocation: sourceLocation)
        return FixInventoryPython(interpreter: interpreter)
    }

    /// Runs `body` while `fixworker` runs against the core at `coreURL`, its web server on
    /// 127.0.0.1:`webPort`, with `overrides` (`section.key=value`) as `--override`s. The worker
    /// runs in a process group of its own (it starts a process pool), and is given the time its
    /// graceful shutdown takes.
    @discardableResult
    public func runningWorker<T>(
        coreURL: String, webPort: Int, overrides: [String], _ body: (BackgroundProcess) async throws -> T
    ) async throws -> T {
        let all = ["fixworker.web_host=127.0.0.1", "fixworker.web_port=\(webPort)"] + overrides
        return try await BackgroundProcess.with(
            program("fixworker"), ["--fixcore-uri", coreURL, "--override"] + all, ownGroup: true, grace: .seconds(15), body)
    }

    /// Runs `body` while `fixmetrics` runs against the core at `coreURL`, serving `/metrics` on
    /// 127.0.0.1:`webPort`.
    @discardableResult
    public func runningExporter<T>(coreURL: String, webPort: Int, _ body: (BackgroundProcess) async throws -> T) async throws -> T {
        let overrides = ["fixmetrics.web_host=127.0.0.1", "fixmetrics.web_port=\(webPort)"]
        return try await BackgroundProcess.with(
            program("fixmetrics"), ["--fixcore-uri", coreURL, "--override"] + overrides, ownGroup: true, grace: .seconds(15), body)
    }

    /// The exporter's default metrics, as the installed `fixmetrics` defines them (its
    /// `default_metrics.yaml`): each metric's name with the aggregate search it sends. It serves
    /// each as the family `fix_` and the name.
    public func defaultMetrics() async throws -> [String: String] {
        let code = """
            import importlib.resources, json, yaml
            metrics = yaml.safe_load(importlib.resources.files("fixmetrics").joinpath("default_metrics.yaml").read_text())
            print(json.dumps({name: metric["search"] for name, metric in metrics.items()}))
            """
        let output = try await PythonEnvironment.run(interpreter, ["-c", code])
        guard output.status == 0, let searches = try? JSONDecoder().decode([String: String].self, from: Data(output.stdout.utf8)) else {
            throw TestFailure("fixmetrics' default metrics could not be read: \(output.stderr)")
        }
        return searches
    }

    /// The lines of a Fix Inventory program's log that report a failure: JSON log lines of level
    /// `ERROR` or `CRITICAL`, and the lines that begin a Python traceback.
    public static func failureLines(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            if line.hasPrefix("Traceback (most recent call last)") { return true }
            guard line.hasPrefix("{"), let data = line.data(using: .utf8),
                let entry = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let level = entry["level"] as? String
            else { return false }
            return level == "ERROR" || level == "CRITICAL"
        }
    }

    private func program(_ name: String) -> URL {
        interpreter.deletingLastPathComponent().appendingPathComponent(name)
    }
}
