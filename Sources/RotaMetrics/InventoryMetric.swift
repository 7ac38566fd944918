import RotaModel

/// One metric of the inventory and the aggregation (`POST /resources/aggregate`) it is read
/// from: which resources, grouped by what, which figure, and the factor to its unit.
///
/// Resources recorded as deleted are left out of every metric: they stay in the inventory only
/// until the next collect of their account.
struct InventoryMetric: Sendable {
    static let gibibyte = 1_073_741_824.0
    static let placeLabels = ["cloud", "account", "region"]
    static let resourceLabels = placeLabels + ["kind"]

    let name: String
    let help: String
    /// The group-by fields, which are also the labels.
    let labels: [String]
    /// The aggregate figure, e.g. `count` or `sum(instance_cores)`.
    let figure: String
    /// Filter parameters besides `cleaned: false`.
    let filter: [String: JSONValue]
    /// What a value is multiplied by, e.g. GiB to bytes.
    var scale = 1.0

    /// The metrics the exporter serves, in the order they are written.
    static let all: [InventoryMetric] = [
        InventoryMetric(
            name: "rota_resources_total", help: "Resources in the inventory, by cloud, account, region and kind.",
            labels: resourceLabels, figure: "count", filter: [:]),
        InventoryMetric(
            name: "rota_instance_cores_total", help: "Processor cores of the instances (attribute instance_cores), by cloud, account and region.",
            labels: placeLabels, figure: "sum(instance_cores)", filter: ["kind": "instance"]),
        InventoryMetric(
            name: "rota_instance_memory_bytes",
            help: "Memory of the instances in bytes (attribute instance_memory, in GiB), by cloud, account and region.",
            labels: placeLabels, figure: "sum(instance_memory)", filter: ["kind": "instance"], scale: gibibyte),
        InventoryMetric(
            name: "rota_volume_size_bytes", help: "Size of the volumes in bytes (attribute volume_size, in GiB), by cloud, account and region.",
            labels: placeLabels, figure: "sum(volume_size)", filter: ["kind": "volume"], scale: gibibyte),
        InventoryMetric(
            name: "rota_resources_expired_total",
            help: "Resources whose expiry time has passed (protected ones included), by cloud, account, region and kind.",
            labels: resourceLabels, figure: "count", filter: ["expired": true]),
        InventoryMetric(
            name: "rota_resources_marked_for_cleanup_total",
            help: "Resources marked for cleanup and not yet deleted, by cloud, account, region and kind.",
            labels: resourceLabels, figure: "count", filter: ["clean": true]),
    ]

    /// The body of the aggregation request.
    var request: JSONValue {
        var filter = self.filter
        filter["cleaned"] = false
        return [
            "group_by": .array(labels.map(JSONValue.string)), "metrics": [.string(figure)], "filter": .object(filter),
        ]
    }

    /// The family with a sample per group; a group whose figure is null (no resource had the
    /// attribute) has none. A group without a value for a field (a resource without region) gets
    /// an empty label value.
    func family(from rows: [ResourceAggregateRow]) -> MetricFamily {
        let samples = rows.compactMap { row -> MetricSample? in
            guard let value = row.values[figure]?.doubleValue else { return nil }
            let labels = self.labels.map { MetricLabel($0, row.group[$0]?.stringValue ?? "") }
            return MetricSample(labels: labels, value: value * scale)
        }
        return MetricFamily(name: name, help: help, samples: samples)
    }
}
