import Prometheus

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
        registry.makeCounter(
            descriptor: Self.name("runs_started", unit: "total", help: "Workflow runs started."), labels: [("workflow", workflow)]
        ).increment()
    }

    func runFinished(workflow: String, outcome: String) {
        registry.makeCounter(
            descriptor: Self.name("runs_finished", unit: "total", help: "Workflow runs finished, by outcome."),
            labels: [("workflow", workflow), ("outcome", outcome)]
        ).increment()
    }

    func stepEnded(workflow: String, step: String, seconds: Double) {
        registry.makeValueHistogram(
            descriptor: Self.name("step_duration", unit: "seconds", help: "Time from a step's start to its end."),
            labels: [("workflow", workflow), ("step", step)], buckets: Self.stepBuckets
        ).record(seconds)
    }

    func actionAnswered(messageType: String, seconds: Double) {
        registry.makeValueHistogram(
            descriptor: Self.name("action_round_trip", unit: "seconds", help: "Time from an action's publication to an actor's answer."),
            labels: [("message_type", messageType)], buckets: Self.roundTripBuckets
        ).record(seconds)
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
