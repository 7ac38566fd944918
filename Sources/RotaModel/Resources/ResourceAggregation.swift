/// A question for `POST /resources/aggregate`: the resources of `filter`, grouped by the values
/// of `groupBy`, with `metrics` computed per group, such as the cores of running instances per
/// cloud and account.
public struct ResourceAggregation: Sendable, Hashable {
    public var groupBy: [ResourceGroupField]
    public var metrics: [ResourceMetric]
    public var filter: ResourceFilter

    public init(groupBy: [ResourceGroupField], metrics: [ResourceMetric], filter: ResourceFilter = ResourceFilter()) {
        self.groupBy = groupBy
        self.metrics = metrics
        self.filter = filter
    }

    /// Reads field and metric names as ``ResourceGroupField/init(parsing:)`` and
    /// ``ResourceMetric/init(parsing:)`` do; at least one metric is required.
    public init(groupBy: [String], metrics: [String], filter: ResourceFilter = ResourceFilter()) throws(ResourceQueryError) {
        var fields: [ResourceGroupField] = []
        for name in groupBy { fields.append(try ResourceGroupField(parsing: name)) }
        var parsedMetrics: [ResourceMetric] = []
        for text in metrics { parsedMetrics.append(try ResourceMetric(parsing: text)) }
        guard !parsedMetrics.isEmpty else { throw ResourceQueryError(path: "metrics", message: "must name at least one metric") }
        self.init(groupBy: fields, metrics: parsedMetrics, filter: filter)
    }
}
