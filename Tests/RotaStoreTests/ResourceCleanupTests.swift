import Foundation
import RotaModel
import RotaStore
import Testing

/// `POST /resources/clean`, `POST /resources/cleaned` and `PATCH /resources/{id}`.
@Suite("Resource cleanup marks")
final class ResourceCleanupTests {
    let temporary: TemporaryStore
    var store: SQLiteStore { temporary.store }

    init() throws {
        temporary = try TemporaryStore()
    }

    func fillInventory() async throws {
        try await store.merge([
            resource("i-1", tags: ["rota:expiration": "1h"]), resource("i-2", tags: ["rota:expiration": "1h"]),
            resource("i-3"), resource("v-1", kind: "volume"),
        ])
    }

    @Test func markingByIdsMarksWithReasonAndTime() async throws {
        try await fillInventory()
        #expect(try await store.markClean(ids: ["i-3", "i-1", "unknown"], reason: "unused", now: Clock.hour(1)) == ["i-1", "i-3"])
        #expect(try await store.resource(id: "i-1")?.metadata.clean == CleanMark(reason: "unused", at: Clock.hour(1)))
        #expect(try await store.ids(ResourceFilter(clean: true)) == ["i-1", "i-3"])
        #expect(try await store.ids(ResourceFilter(clean: false)) == ["i-2", "v-1"])
    }

    @Test func markingNeverMarksProtectedResources() async throws {
        try await fillInventory()
        _ = try await store.setProtected(id: "i-1", true)
        _ = try await store.setProtected(id: "i-3", true)
        #expect(try await store.markClean(ids: ["i-1", "i-2"], reason: "unused", now: Clock.hour(1)) == ["i-2"])
        #expect(try await store.markClean(matching: ResourceFilter(kinds: ["instance"]), reason: "all", now: Clock.hour(1)).isEmpty)
        #expect(try await store.markClean(matching: ResourceFilter(), reason: "all", now: Clock.hour(1)) == ["v-1"])
        #expect(try await store.ids(ResourceFilter(clean: true)) == ["i-2", "v-1"])
        #expect(try await store.ids(ResourceFilter(protected: true)) == ["i-1", "i-3"])
    }

    @Test func markingByFilterMarksWhatItSelects() async throws {
        try await fillInventory()
        #expect(try await store.markClean(matching: ResourceFilter(expired: true), reason: "expired", now: Clock.start).isEmpty)
        #expect(try await store.markClean(matching: ResourceFilter(expired: true), reason: "expired", now: Clock.hour(2)) == ["i-1", "i-2"])
        #expect(try await store.resource(id: "i-2")?.metadata.clean == CleanMark(reason: "expired", at: Clock.hour(2)))
    }

    @Test func aMarkedResourceKeepsItsFirstMark() async throws {
        try await fillInventory()
        _ = try await store.markClean(ids: ["i-1"], reason: "first", now: Clock.hour(1))
        #expect(try await store.markClean(ids: ["i-1", "i-2"], reason: "second", now: Clock.hour(2)) == ["i-2"])
        #expect(try await store.resource(id: "i-1")?.metadata.clean == CleanMark(reason: "first", at: Clock.hour(1)))
    }

    @Test func deletionsAreRecordedOnceAndNeverMarkedAgain() async throws {
        try await fillInventory()
        _ = try await store.markClean(ids: ["i-1", "i-2"], reason: "expired", now: Clock.hour(1))
        #expect(try await store.recordCleaned(ids: ["i-1", "nope"], now: Clock.hour(2)) == ["i-1"])
        #expect(try await store.recordCleaned(ids: ["i-1"], now: Clock.hour(3)).isEmpty)
        #expect(try await store.resource(id: "i-1")?.metadata.cleaned == Clock.hour(2))
        #expect(try await store.ids(ResourceFilter(cleaned: true)) == ["i-1"])
        _ = try await store.setProtected(id: "i-1", false)
        #expect(try await store.markClean(matching: ResourceFilter(), reason: "again", now: Clock.hour(4)) == ["i-3", "v-1"])
    }

    @Test func protectingRemovesTheCleanMark() async throws {
        try await fillInventory()
        _ = try await store.markClean(ids: ["i-1"], reason: "expired", now: Clock.hour(1))
        let protected = try #require(try await store.setProtected(id: "i-1", true))
        #expect(protected.metadata.protected)
        #expect(protected.metadata.clean == nil)
        let unprotected = try #require(try await store.setProtected(id: "i-1", false))
        #expect(!unprotected.metadata.protected)
        #expect(try await store.setProtected(id: "unknown", true) == nil)
    }
}
