import RotaTestSupport
import Testing

/// Fix Inventory's worker and metrics exporter as a test runs them: their logs, and the
/// exporter's `/metrics`.
struct FixInventoryActors {
    var worker: BackgroundProcess
    var exporter: BackgroundProcess
    /// Where the exporter serves `/metrics`.
    var exporterPort: Int
    /// The exporter's default metrics: each one's name with its aggregate search.
    var defaultMetrics: [String: String]

    /// Both programs' logs so far, for a failing test's message.
    var logs: String { "fixworker's log:\n\(worker.output)\nfixmetrics' log:\n\(exporter.output)" }

    /// The lines of either log that report an error.
    var failureLines: [String] {
        FixInventoryPython.failureLines(in: worker.output) + FixInventoryPython.failureLines(in: exporter.output)
    }

    /// The samples of the default metrics' families the exporter serves now, by family.
    func defaultMetricFamilies() async throws -> [String: [[String: String]: Double]] {
        let response = try await CoreClient(port: exporterPort).request(.GET, "/metrics")
        #expect(response.status == 200)
        let names = Set(defaultMetrics.keys.map { "fix_\($0)" })
        return FixInventoryMetricsText.parse(response.text).filter { names.contains($0.key) }
    }
}
