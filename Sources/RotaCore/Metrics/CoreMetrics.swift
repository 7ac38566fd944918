import Prometheus
import Synchronization

/// The core's own Prometheus metrics, served at `GET /metrics`: runs started and finished by
/// outcome, step durations, action round trips, connected subscribers, messages in and out and
/// messages dropped from full listener queues. One registry per core, so several cores can run in
/// one process (as in tests).
public final class CoreMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let connectedSubscribers: Gauge
    private let messagesIn: Counter
    private let messagesOut: Counter
    private let queueDrops: Counter
    private let connectionsRefused: Counter
    /// The labelled counters and histograms made so far, by name and labels: the registry copies
    /// its whole table to make one, so each is made once and kept.
    private let labelled = Mutex(LabelledMetrics())

    /// The counters and histograms with labels, by their name and label values.
    private struct LabelledMetrics {
        var counters: [[String]: Counter] = [:]
        var histograms: [[String]: ValueHistogram] = [:]
    }

    /// Bucket bounds of the step duration histogram, in seconds.
    private static let stepBuckets: [Double] = [0.001, 0.01, 0.1, 1, 10, 60, 300, 900, 3600]
    /// Bucket bounds of the action round-trip histogram, in seconds.
    private static let roundTripBuckets: [Double] = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300]

    public init() {
        connectedSubscribers = registry.makeGauge(
            descriptor: Self.name("subscribers_connected", unit: "", help: "Actors connected on their WebSocket."))
        messagesIn = registry.makeCounter(
            descriptor: Self.name("messages_received", unit: "total", help: "Messages received from actors and event clients."))
        messagesOut = registry.makeCounter(
            descriptor: Self.name("messages_sent", unit: "total", help: "Messages handed to listeners."))
        queueDrops = registry.makeCounter(
            descriptor: Self.name("queue_drops", unit: "total", help: "Listeners disconnected because their queue was full."))
        connectionsRefused = registry.makeCounter(
            descriptor: Self.name("connections_refused", unit: "total", help: "Connections closed at once because max_connections were open."))
    }

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "rota", subsystem: "core", metricName: metric, unitName: unit, helpText: help)
    }

    func runStarted(workflow: String) {
        counter("runs_started", help: "Workflow runs started.", labels: [("workflow", workflow)]).increment()
    }

    func runFinished(workflow: String, outcome: String) {
        counter("runs_finished", help: "Workflow runs finished, by outcome.", labels: [("workflow", workflow), ("outcome", outcome)])
            .increment()
    }

    func stepEnded(workflow: String, step: String, seconds: Double) {
        histogram(
            "step_duration", help: "Time from a step's start to its end.", labels: [("workflow", workflow), ("step", step)],
            buckets: Self.stepBuckets
        ).record(seconds)
    }

    func actionAnswered(messageType: String, seconds: Double) {
        histogram(
            "action_round_trip", help: "Time from an action's publication to an actor's answer.", labels: [("message_type", messageType)],
            buckets: Self.roundTripBuckets
        ).record(seconds)
    }

    /// The counter `metric` (unit `total`) with `labels`, made the first time it is asked for.
    private func counter(_ metric: String, help: String, labels: [(String, String)]) -> Counter {
        let key = [metric] + labels.map(\.1)
        if let counter = labelled.withLock({ $0.counters[key] }) { return counter }
        let counter = registry.makeCounter(descriptor: Self.name(metric, unit: "total", help: help), labels: labels)
        labelled.withLock { $0.counters[key] = counter }
        return counter
    }

    /// The histogram `metric` (unit `seconds`) with `labels`, made the first time it is asked for.
    private func histogram(_ metric: String, help: String, labels: [(String, String)], buckets: [Double]) -> ValueHistogram {
        let key = [metric] + labels.map(\.1)
        if let histogram = labelled.withLock({ $0.histograms[key] }) { return histogram }
        let histogram = registry.makeValueHistogram(descriptor: Self.name(metric, unit: "seconds", help: help), labels: labels, buckets: buckets)
        labelled.withLock { $0.histograms[key] = histogram }
        return histogram
    }

    func subscriberConnected() { connectedSubscribers.increment() }
    func subscriberDisconnected() { connectedSubscribers.decrement() }
    func messageReceived() { messagesIn.increment() }
    func messagesSent(_ count: Int) { messagesOut.increment(by: Int64(count)) }
    func queueDropped() { queueDrops.increment() }
    func connectionRefused() { connectionsRefused.increment() }

    /// Every metric in the Prometheus text format.
    public func exposition() -> String {
        registry.emitToString()
    }
}
