import Foundation
import Synchronization

/// The exposition the exporter serves: rendered once per generation, so that every scrape in
/// between gets the same bytes and costs the core nothing.
final class MetricsCache: Sendable {
    /// The rendered text and when it was generated (nil before the first generation).
    struct Contents: Sendable {
        var text: String
        var generated: Date?
    }

    private let contents = Mutex(Contents(text: PrometheusText.render(InventoryMetrics.empty), generated: nil))

    var current: Contents { contents.withLock { $0 } }

    /// Replaces what is served with `families`, generated at `time`.
    func store(_ families: [MetricFamily], generated time: Date) {
        let text = PrometheusText.render(families)
        contents.withLock { $0 = Contents(text: text, generated: time) }
    }
}
