import Foundation
import Testing

@testable import RotaMetrics

/// docs/METRICS.md stays true to the exporter: every metric it serves is in the table, with its
/// help text's labels, and the table names no metric it does not serve.
@Suite struct MetricsDocumentTests {
    private var document: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("docs/METRICS.md"), encoding: .utf8)
        }
    }

    @Test func theTableListsExactlyTheMetricsTheExporterServes() throws {
        let rows = try document.split(separator: "\n").filter { $0.hasPrefix("| `rota_") }
        let documented = rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
        #expect(documented == InventoryMetrics.empty.map(\.name))
        for metric in InventoryMetric.all {
            let row = try #require(rows.first { $0.hasPrefix("| `\(metric.name)`") })
            #expect(row.contains(metric.labels.map { "`\($0)`" }.joined(separator: ", ")), "\(row)")
        }
    }

    @Test func theExampleExcerptIsWhatTheExporterWrites() throws {
        let excerpt = try document.split(separator: "\n").filter { $0.hasPrefix("# HELP ") || $0.hasPrefix("# TYPE ") }.map(String.init)
        let served = PrometheusText.render(InventoryMetrics.empty).split(separator: "\n").map(String.init)
        #expect(excerpt == served)
    }
}
