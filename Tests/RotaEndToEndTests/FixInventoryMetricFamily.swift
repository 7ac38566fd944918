import RotaModel

/// One of Fix Inventory's default metrics that the example plugin's data has values for, with
/// the samples it must have worked out from the resources in Rota's store: what the exporter
/// serves must be exactly that.
struct FixInventoryMetricFamily: Sendable {
    /// The family as the exporter names it (`fix_` and the metric's name).
    var name: String
    /// The example plugin's kind that the metric counts (a kind of the metric's base kind).
    var kind: String
    /// Whether the ancestors' labels are cloud, account and region, or the cloud alone.
    var placedInRegions = true
    /// The labels taken from the resource's own properties: label and property.
    var properties: [(label: String, property: String)] = []
    /// Which resources of the kind count.
    var condition: @Sendable ([String: JSONValue]) -> Bool = { _ in true }
    /// What a resource adds to its sample.
    var value: @Sendable ([String: JSONValue]) -> Double = { _ in 1 }

    static let gibibyte = 1024.0 * 1024 * 1024

    /// The default metrics whose kinds the example plugin collects.
    static let ofTheExampleData: [FixInventoryMetricFamily] = [
        FixInventoryMetricFamily(name: "fix_accounts_total", kind: "example_account", placedInRegions: false),
        FixInventoryMetricFamily(
            name: "fix_instances_total", kind: "example_instance", properties: [("type", "instance_type"), ("status", "instance_status")]),
        FixInventoryMetricFamily(
            name: "fix_cores_total", kind: "example_instance", properties: [("type", "instance_type")], condition: isRunning,
            value: { $0["instance_cores"]?.doubleValue ?? 0 }),
        FixInventoryMetricFamily(
            name: "fix_memory_bytes", kind: "example_instance", properties: [("type", "instance_type")], condition: isRunning,
            value: { ($0["instance_memory"]?.doubleValue ?? 0) * gibibyte }),
        FixInventoryMetricFamily(name: "fix_networks_total", kind: "example_network"),
        FixInventoryMetricFamily(
            name: "fix_volumes_total", kind: "example_volume", properties: [("type", "volume_type"), ("status", "volume_status")]),
        FixInventoryMetricFamily(
            name: "fix_volume_bytes", kind: "example_volume", properties: [("type", "volume_type"), ("status", "volume_status")],
            value: { ($0["volume_size"]?.doubleValue ?? 0) * gibibyte }),
        // The costs are the ancestors' instance and volume types' prices, which the example
        // plugin does not collect: each sample sums to 0.
        FixInventoryMetricFamily(
            name: "fix_instances_hourly_cost_estimate", kind: "example_instance", properties: [("type", "instance_type")],
            condition: isRunning, value: { _ in 0 }),
        FixInventoryMetricFamily(
            name: "fix_volumes_monthly_cost_estimate", kind: "example_volume", properties: [("type", "volume_type"), ("status", "volume_status")],
            value: { _ in 0 }),
    ]

    static func isRunning(_ reported: [String: JSONValue]) -> Bool { reported["instance_status"] == "running" }

    /// The samples the store's resources make: labels with their summed values.
    func samples(from store: [JSONValue]) -> [[String: String]: Double] {
        var samples: [[String: String]: Double] = [:]
        for resource in store where resource["kind"]?.stringValue == kind {
            let reported = resource["attributes"]?.objectValue ?? [:]
            guard condition(reported) else { continue }
            var labels = ["cloud": Self.name(of: "cloud", resource["cloud"], in: store)]
            if placedInRegions {
                labels["account"] = Self.name(of: "account", resource["account"], in: store)
                labels["region"] = Self.name(of: "region", resource["region"], in: store)
            }
            for (label, property) in properties {
                labels[label] = reported[property].map { $0.stringValue ?? $0.jsonText } ?? ""
            }
            samples[labels, default: 0] += value(reported)
        }
        return samples
    }

    /// The name of the ancestor that `field` (`cloud`, `account` or `region`) of a resource
    /// names: the stored resource of that kind that is its own ancestor of that kind.
    static func name(of field: String, _ id: JSONValue?, in store: [JSONValue]) -> String {
        let ancestor = store.first { resource in
            (resource["kind"]?.stringValue == field || resource["kind"]?.stringValue?.hasSuffix("_\(field)") == true) && resource[field] == id
        }
        return ancestor?["name"]?.stringValue ?? ""
    }
}
