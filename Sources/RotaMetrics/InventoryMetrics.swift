import Foundation
import RotaClient
import RotaModel

/// Reads the inventory's metrics from the core: one aggregation per ``InventoryMetric``, and the
/// time they were generated.
struct InventoryMetrics: Sendable {
    static let generatedName = "rota_metrics_generated_timestamp_seconds"
    static let generatedHelp = "When the metrics were last generated, in seconds since 1970-01-01 UTC."

    let api: CoreAPI

    /// Every metric as the core's inventory holds it now, stamped with `time`.
    func generate(at time: Date) async throws(CoreAPIError) -> [MetricFamily] {
        var families: [MetricFamily] = []
        for metric in InventoryMetric.all {
            let answer = try await api.post("/resources/aggregate", json: metric.request)
            families.append(metric.family(from: try CoreAPI.decode([ResourceAggregateRow].self, from: answer, request: "POST /resources/aggregate")))
        }
        let seconds = (time.timeIntervalSince1970 * 1000).rounded() / 1000
        families.append(MetricFamily(name: Self.generatedName, help: Self.generatedHelp, samples: [MetricSample(value: seconds)]))
        return families
    }

    /// The metrics before the first generation: every family, without samples.
    static var empty: [MetricFamily] {
        InventoryMetric.all.map { $0.family(from: []) } + [MetricFamily(name: generatedName, help: generatedHelp)]
    }
}
