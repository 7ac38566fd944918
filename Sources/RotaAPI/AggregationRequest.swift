import RotaModel

/// The body of `POST /resources/aggregate`: the fields to group by, the figures per group, and
/// which resources count (docs/METRICS.md).
public struct AggregationRequest: APIRequest, Hashable {
    /// The figure computed when none is asked for.
    public static let defaultMetrics = ["count"]

    public var groupBy: [String]
    public var metrics: [String]
    /// The filter parameters of `GET /resources` as an object.
    public var filter: JSONValue

    public init(groupBy: [String] = [], metrics: [String] = AggregationRequest.defaultMetrics, filter: JSONValue = [:]) {
        self.groupBy = groupBy
        self.metrics = metrics
        self.filter = filter
    }

    private enum CodingKeys: String, CodingKey {
        case metrics, filter
        case groupBy = "group_by"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groupBy = try container.decodeIfPresent([String].self, forKey: .groupBy) ?? []
        metrics = try container.decodeIfPresent([String].self, forKey: .metrics) ?? Self.defaultMetrics
        filter = try container.decodeIfPresent(JSONValue.self, forKey: .filter) ?? [:]
    }

    public static let schemaName = "AggregationRequest"
    public static let usage = "send an object {\"group_by\": [...], \"metrics\": [...], \"filter\": {...}}"
    public static let example = AggregationRequest(groupBy: ["cloud"], metrics: ["count", "sum(volume_size)"], filter: ["cloud": "aws"])
}
