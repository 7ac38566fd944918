/// One metric as Prometheus reads it: a name, what it means, its type, and its samples, each a
/// value with its labels.
public struct MetricFamily: Sendable, Hashable {
    /// The Prometheus metric type.
    public enum Kind: String, Sendable, Hashable {
        case gauge
        case counter
    }

    /// A name in Prometheus style: `rota_` prefix, snake case, the unit as suffix.
    public var name: String
    /// One line for people: what is measured.
    public var help: String
    public var kind: Kind
    public var samples: [MetricSample]

    public init(name: String, help: String, kind: Kind = .gauge, samples: [MetricSample] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }
}

/// One value of a metric, with its labels in the order they are written.
public struct MetricSample: Sendable, Hashable {
    public var labels: [MetricLabel]
    public var value: Double

    public init(labels: [MetricLabel] = [], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// A label of a sample: `cloud="example"`.
public struct MetricLabel: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
