import Foundation
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `POST /resources/clean`, `POST /resources/cleaned` and `PATCH /resources/{id}`.
@Suite("Resource cleanup marks")
struct ResourceCleanupTests {
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases

    /// Three instances, two of them expiring after an hour, and a volume.
    func fillInventory(_ store: any ResourceStore) async throws {
        try await store.merge([
            resource("i-1", tags: ["rota:expiration": "1h"]), resource("i-2", tags: ["rota:expiration": "1h"]),
            resource("i-3"), resource("v-1", kind: "volume"),
        ])
    }

    @Test(arguments: Self.stores) func markingByIdsMarksWithReasonAndTime(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.markClean(ids: ["i-3", "i-1", "unknown"], reason: "unused", now: Clock.hour(1)) == ["i-1", "i-3"])
            #expect(try await store.resource(id: "i-1")?.metadata.clean == CleanMark(reason: "unused", at: Clock.hour(1)))
            #expect(try await store.ids(ResourceFilter(clean: true)) == ["i-1", "i-3"])
            #expect(try await store.ids(ResourceFilter(clean: false)) == ["i-2", "v-1"])
        }
    }

    @Test(arguments: Self.stores) func markingNeverMarksProtectedResources(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            _ = try await store.setProtected(id: "i-1", true)
            _ = try await store.setProtected(id: "i-3", true)
            #expect(try await store.markClean(ids: ["i-1", "i-2"], reason: "unused", now: Clock.hour(1)) == ["i-2"])
            #expect(try await store.markClean(matching: ResourceFilter(kinds: ["instance"]), reason: "all", now: Clock.hour(1)).isEmpty)
            #expect(try await store.markClean(matching: ResourceFilter(), reason: "all", now: Clock.hour(1)) == ["v-1"])
            #expect(try await store.ids(ResourceFilter(clean: true)) == ["i-2", "v-1"])
            #expect(try await store.ids(ResourceFilter(protected: true)) == ["i-1", "i-3"])
        }
    }

    @Test(arguments: Self.stores) func markingByFilterMarksWhatItSelects(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            #expect(try await store.markClean(matching: ResourceFilter(expired: true), reason: "expired", now: Clock.start).isEmpty)
            #expect(try await store.markClean(matching: ResourceFilter(expired: true), reason: "expired", now: Clock.hour(2)) == ["i-1", "i-2"])
            #expect(try await store.resource(id: "i-2")?.metadata.clean == CleanMark(reason: "expired", at: Clock.hour(2)))
        }
    }

    @Test(arguments: Self.stores) func aMarkedResourceKeepsItsFirstMark(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            _ = try await store.markClean(ids: ["i-1"], reason: "first", now: Clock.hour(1))
            #expect(try await store.markClean(ids: ["i-1", "i-2"], reason: "second", now: Clock.hour(2)) == ["i-2"])
            #expect(try await store.resource(id: "i-1")?.metadata.clean == CleanMark(reason: "first", at: Clock.hour(1)))
        }
    }

    @Test(arguments: Self.stores) func deletionsAreRecordedOnceAndNeverMarkedAgain(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            _ = try await store.markClean(ids: ["i-1", "i-2"], reason: "expired", now: Clock.hour(1))
            #expect(try await store.recordCleaned(ids: ["i-1", "nope"], now: Clock.hour(2)) == ["i-1"])
            #expect(try await store.recordCleaned(ids: ["i-1"], now: Clock.hour(3)).isEmpty)
            #expect(try await store.resource(id: "i-1")?.metadata.cleaned == Clock.hour(2))
            #expect(try await store.ids(ResourceFilter(cleaned: true)) == ["i-1"])
            _ = try await store.setProtected(id: "i-1", false)
            #expect(try await store.markClean(matching: ResourceFilter(), reason: "again", now: Clock.hour(4)) == ["i-3", "v-1"])
        }
    }

    @Test(arguments: Self.stores) func protectingRemovesTheCleanMark(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await fillInventory(store)
            _ = try await store.markClean(ids: ["i-1"], reason: "expired", now: Clock.hour(1))
            let protected = try #require(try await store.setProtected(id: "i-1", true))
            #expect(protected.metadata.protected)
            #expect(protected.metadata.clean == nil)
            let unprotected = try #require(try await store.setProtected(id: "i-1", false))
            #expect(!unprotected.metadata.protected)
            #expect(try await store.setProtected(id: "unknown", true) == nil)
        }
    }
}
