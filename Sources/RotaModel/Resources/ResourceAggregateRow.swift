/// One group of an aggregation: the values of the group-by fields, and the metrics.
///
/// JSON: `{"group": {"cloud": "aws", "tags.env": null}, "values": {"count": 3, "sum(instance_cores)": 12}}`,
/// keyed by ``ResourceGroupField/name`` and ``ResourceMetric/name``. A group value is a string,
/// or null for resources without the field; a metric is a number, or null when no resource of
/// the group had the attribute.
public struct ResourceAggregateRow: Sendable, Hashable, Codable {
    public var group: [String: JSONValue]
    public var values: [String: JSONValue]

    public init(group: [String: JSONValue], values: [String: JSONValue]) {
        self.group = group
        self.values = values
    }
}
