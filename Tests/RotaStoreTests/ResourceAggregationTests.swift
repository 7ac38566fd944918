import Foundation
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `POST /resources/aggregate`: counts and sums of numeric attributes per group.
@Suite("Resource aggregation")
struct ResourceAggregationTests {
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases

    /// Two clouds' instances and a volume, with numeric, textual and boolean attributes.
    func fillInventory(_ store: any ResourceStore) async throws {
        try await store.merge([
            resource("i-1", tags: ["env": "prod"], attributes: ["instance_cores": 4, "instance_memory": 16]),
            resource("i-2", tags: ["env": "dev"], attributes: ["instance_cores": 2, "instance_memory": 4.5]),
            resource("i-3", attributes: ["instance_cores": "many"]),
            resource("v-1", kind: "volume", tags: ["env": "prod"], attributes: ["volume_size": 100]),
        ])
        try await store.merge(
            [resource("g-1", cloud: "gcp", account: "p", attributes: ["instance_cores": 8, "flag": true])], cloud: "gcp", account: "p")
    }

    /// The rows of aggregating `metrics` by `fields` over what `filter` selects.
    func aggregate(_ store: any ResourceStore, by fields: [String], _ metrics: [String], filter: ResourceFilter = ResourceFilter())
        async throws -> [ResourceAggregateRow]
    {
        try await store.aggregateResources(ResourceAggregation(groupBy: fields, metrics: metrics, filter: filter), now: Clock.start)
    }

    @Test(arguments: Self.stores) func countsAndSumsPerCloudAndKind(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            let rows = try await aggregate(store, by: ["cloud", "kind"], ["count", "sum(instance_cores)", "sum(volume_size)"])
            #expect(rows == [
                ResourceAggregateRow(
                    group: ["cloud": "aws", "kind": "instance"], values: ["count": 3, "sum(instance_cores)": 6, "sum(volume_size)": nil]),
                ResourceAggregateRow(
                    group: ["cloud": "aws", "kind": "volume"], values: ["count": 1, "sum(instance_cores)": nil, "sum(volume_size)": 100]),
                ResourceAggregateRow(
                    group: ["cloud": "gcp", "kind": "instance"], values: ["count": 1, "sum(instance_cores)": 8, "sum(volume_size)": nil]),
            ])
        }
    }

    @Test(arguments: Self.stores) func nonNumericAttributesAreLeftOut(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            let rows = try await aggregate(store, by: [], ["count(instance_cores)", "min(instance_cores)", "max(instance_memory)", "sum(flag)"])
            #expect(rows == [
                ResourceAggregateRow(
                    group: [:], values: ["count(instance_cores)": 3, "min(instance_cores)": 2, "max(instance_memory)": 16, "sum(flag)": nil])
            ])
        }
    }

    @Test(arguments: Self.stores) func groupsByATagWithNullForResourcesWithoutIt(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            let rows = try await aggregate(store, by: ["tags.env"], ["count", "sum(instance_memory)"])
            #expect(rows == [
                ResourceAggregateRow(group: ["tags.env": nil], values: ["count": 2, "sum(instance_memory)": nil]),
                ResourceAggregateRow(group: ["tags.env": "dev"], values: ["count": 1, "sum(instance_memory)": 4.5]),
                ResourceAggregateRow(group: ["tags.env": "prod"], values: ["count": 2, "sum(instance_memory)": 16]),
            ])
        }
    }

    @Test(arguments: Self.stores) func filterNarrowsTheResourcesAggregated(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            let rows = try await aggregate(store, by: ["account"], ["count"], filter: ResourceFilter(kinds: ["instance"], clouds: ["aws"]))
            #expect(rows == [ResourceAggregateRow(group: ["account": "111"], values: ["count": 3])])
        }
    }

    @Test func aggregateRowsEncodeGroupAndValuesByName() throws {
        let row = ResourceAggregateRow(group: ["cloud": "aws", "region": nil], values: ["count": 3, "sum(instance_cores)": 12])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(row), as: UTF8.self)
                == #"{"group":{"cloud":"aws","region":null},"values":{"count":3,"sum(instance_cores)":12}}"#)
    }
}
