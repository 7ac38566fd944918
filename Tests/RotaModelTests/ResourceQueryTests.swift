import Testing

@testable import RotaModel

/// Filters, listings and aggregations read from query parameters, with errors a user can act on.
@Suite("Resource queries")
struct ResourceQueryTests {
    @Test func filterReadsEveryParameter() throws {
        let filter = try ResourceFilter(parameters: [
            "kind": ["instance", "volume"], "cloud": ["aws"], "account": ["123"], "region": ["eu-west-1"],
            "tag": ["env=prod", "owner", "note=a=b"], "expired": ["true"], "clean": ["False"], "cleaned": ["false"], "protected": ["TRUE"],
        ])
        #expect(filter.kinds == ["instance", "volume"])
        #expect(filter.tags == [ResourceTagFilter(key: "env", value: "prod"), ResourceTagFilter(key: "owner"), ResourceTagFilter(key: "note", value: "a=b")])
        #expect(filter.expired == true && filter.clean == false && filter.cleaned == false && filter.protected == true)
        #expect(try ResourceFilter(parameters: filter.parameters) == filter)
        #expect(try ResourceFilter(parameters: [:]) == ResourceFilter())
    }

    @Test func filterErrorsNameTheParameter() {
        #expect(throws: ResourceQueryError(path: "expired", message: "must be true or false")) {
            try ResourceFilter(parameters: ["expired": ["yes"]])
        }
        #expect(throws: ResourceQueryError(path: "clean", message: "must be given once, as true or false")) {
            try ResourceFilter(parameters: ["clean": ["true", "false"]])
        }
        #expect(throws: ResourceQueryError(path: "kind", message: "must not be empty")) { try ResourceFilter(parameters: ["kind": [""]]) }
        #expect(throws: ResourceQueryError.self) { try ResourceFilter(parameters: ["tag": ["=prod"]]) }
        #expect(throws: ResourceQueryError.self) { try ResourceFilter(parameters: ["regoin": ["eu-west-1"]]) }
        #expect(ResourceQueryError(path: "expired", message: "must be true or false").description == "expired: must be true or false")
    }

    @Test func queryReadsLimitAndAfter() throws {
        let query = try ResourceQuery(parameters: ["kind": ["instance"], "limit": ["50"], "after": ["i-9"]])
        #expect(query == ResourceQuery(filter: ResourceFilter(kinds: ["instance"]), limit: 50, after: "i-9"))
        #expect(try ResourceQuery(parameters: [:]).limit == ResourceQuery.defaultLimit)
        for limit in ["0", "-1", "ten", "10001"] {
            #expect(throws: ResourceQueryError(path: "limit", message: "must be one whole number from 1 to 10000")) {
                try ResourceQuery(parameters: ["limit": [limit]])
            }
        }
    }

    @Test func aggregationReadsFieldsAndMetrics() throws {
        let aggregation = try ResourceAggregation(groupBy: ["cloud", "tags.env"], metrics: ["count", "sum(instance_cores)", "max(volume_size)"])
        #expect(aggregation.groupBy == [.cloud, .tag("env")])
        #expect(aggregation.metrics == [.count, ResourceMetric(.sum, of: "instance_cores"), ResourceMetric(.max, of: "volume_size")])
        #expect(aggregation.groupBy.map(\.name) == ["cloud", "tags.env"])
        #expect(aggregation.metrics.map(\.name) == ["count", "sum(instance_cores)", "max(volume_size)"])
    }

    @Test func aggregationErrorsNameTheField() {
        #expect(throws: ResourceQueryError.self) { try ResourceAggregation(groupBy: ["colour"], metrics: ["count"]) }
        #expect(throws: ResourceQueryError.self) { try ResourceAggregation(groupBy: ["tags."], metrics: ["count"]) }
        #expect(throws: ResourceQueryError.self) { try ResourceAggregation(groupBy: [], metrics: ["avg(x)"]) }
        #expect(throws: ResourceQueryError.self) { try ResourceAggregation(groupBy: [], metrics: ["sum()"]) }
        #expect(throws: ResourceQueryError(path: "metrics", message: "must name at least one metric")) {
            try ResourceAggregation(groupBy: ["kind"], metrics: [])
        }
    }
}
