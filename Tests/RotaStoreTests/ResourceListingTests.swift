import Foundation
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `GET /resources` and `GET /resources/{id}`: filters and keyset paging.
@Suite("Resource listing")
struct ResourceListingTests {
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases

    /// Two clouds, three kinds, tags and expiries to filter on.
    func fillInventory(_ store: any ResourceStore) async throws {
        try await store.merge([
            resource("aws-i-1", tags: ["env": "prod", "team": "web"]),
            resource("aws-i-2", region: "us-east-1", tags: ["env": "dev", "rota:expiration": "1h"]),
            resource("aws-v-1", kind: "volume", region: nil, tags: ["env": "dev", "a.b": "dotted", "say \"hi\"": "quoted"]),
        ])
        try await store.merge(
            [resource("gcp-i-1", cloud: "gcp", account: "p-1", tags: ["rota:expires": "2026-11-01T12:00:00Z"])], cloud: "gcp",
            account: "p-1")
    }

    @Test(arguments: Self.stores) func emptyFilterListsEverythingInIdOrder(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.ids() == ["aws-i-1", "aws-i-2", "aws-v-1", "gcp-i-1"])
        }
    }

    @Test(arguments: Self.stores) func filtersByKindCloudAccountAndRegion(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.ids(ResourceFilter(kinds: ["volume"])) == ["aws-v-1"])
            #expect(try await store.ids(ResourceFilter(kinds: ["volume", "instance"], clouds: ["aws"])) == ["aws-i-1", "aws-i-2", "aws-v-1"])
            #expect(try await store.ids(ResourceFilter(accounts: ["p-1"])) == ["gcp-i-1"])
            #expect(try await store.ids(ResourceFilter(regions: ["us-east-1"])) == ["aws-i-2"])
            #expect(try await store.ids(ResourceFilter(clouds: ["azure"])).isEmpty)
        }
    }

    @Test(arguments: Self.stores) func filtersByTagPresenceAndValue(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "env")])) == ["aws-i-1", "aws-i-2", "aws-v-1"])
            #expect(try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "env", value: "dev")])) == ["aws-i-2", "aws-v-1"])
            let both = ResourceFilter(tags: [ResourceTagFilter(key: "env", value: "dev"), ResourceTagFilter(key: "rota:expiration")])
            #expect(try await store.ids(both) == ["aws-i-2"])
            #expect(try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "a.b", value: "dotted")])) == ["aws-v-1"])
            #expect(try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "say \"hi\"", value: "quoted")])) == ["aws-v-1"])
            #expect(try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "say \"hi\"")])) == ["aws-v-1"])
        }
    }

    @Test(arguments: Self.stores) func expiredMeansExpiresAtOrBeforeTheTimeOfTheQuery(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.ids(ResourceFilter(expired: true), at: Clock.start).isEmpty)
            #expect(try await store.ids(ResourceFilter(expired: true), at: Clock.hour(1)) == ["aws-i-2"])
            #expect(try await store.ids(ResourceFilter(expired: true), at: Clock.hour(12)) == ["aws-i-2", "gcp-i-1"])
            #expect(try await store.ids(ResourceFilter(expired: false), at: Clock.hour(12)) == ["aws-i-1", "aws-v-1"])
        }
    }

    @Test(arguments: Self.stores) func filterFromQueryParametersSelectsTheSame(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            let query = try ResourceQuery(parameters: ["cloud": ["aws"], "tag": ["env=dev"], "kind": ["instance"]])
            #expect(try await store.resources(query, now: Clock.start).resources.map(\.id) == ["aws-i-2"])
        }
    }

    @Test(arguments: Self.stores) func pagesFollowEachOtherByIdUntilNextIsNil(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge(["e", "a", "d", "c", "b"].map { resource($0) })
            var query = ResourceQuery(limit: 2)
            var pages: [[String]] = []
            while true {
                let page = try await store.resources(query, now: Clock.start)
                pages.append(page.resources.map(\.id))
                guard let next = page.next else { break }
                query.after = next
            }
            #expect(pages == [["a", "b"], ["c", "d"], ["e"]])
            #expect(try await store.resources(ResourceQuery(limit: 5), now: Clock.start).next == nil)
        }
    }
}
