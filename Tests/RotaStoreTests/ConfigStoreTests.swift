import Foundation
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// Configurations on both stores: stored with a revision that follows their content, listed by
/// id, kept within the limit, deleted; a row that is not a JSON object left out and set aside.
@Suite("Config store")
struct ConfigStoreTests {
    @Test(arguments: StoreKind.allCases) func aConfigKeepsItsContentAndItsRevisionFollowsIt(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let first = try await store.saveConfig("fix.worker", ["workers": 4, "name": "w"], limit: 10)
            #expect(first.previousRevision == nil)
            #expect(first.changed)
            #expect(try await store.config("fix.worker") == first.stored)

            let same = try await store.saveConfig("fix.worker", ["name": "w", "workers": 4], limit: 10)
            #expect(same.changed == false)
            #expect(same.previousRevision == first.stored.revision)

            let changed = try await store.saveConfig("fix.worker", ["workers": 8, "name": "w"], limit: 10)
            #expect(changed.changed)
            #expect(changed.stored.revision != first.stored.revision)
            #expect(try await store.config("fix.worker")?.config == ["workers": 8, "name": "w"])
            #expect(try await store.config("unknown") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func aNewConfigBeyondTheLimitIsRefusedButAStoredOneStillChanges(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            _ = try await store.saveConfig("b", ["n": 1], limit: 2)
            _ = try await store.saveConfig("a", ["n": 1], limit: 2)
            await #expect(throws: ConfigLimitReached.self) { try await store.saveConfig("c", ["n": 1], limit: 2) }
            #expect(try await store.saveConfig("a", ["n": 2], limit: 2).changed)
            #expect(try await store.configIds() == ["a", "b"])
            #expect(try await store.deleteConfig("b"))
            #expect(try await store.deleteConfig("b") == false)
            _ = try await store.saveConfig("c", ["n": 1], limit: 2)
            #expect(try await store.configIds() == ["a", "c"])
        }
    }

    @Test(arguments: StoreKind.allCases) func aRowThatIsNotAJSONObjectIsLeftOutAndSetAside(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            _ = try await store.saveConfig("good", ["n": 1], limit: 10)
            try await executeRaw("INSERT INTO config (id, config, revision) VALUES ('array', '[1, 2]', 'r')", on: store)
            try await executeRaw("INSERT INTO config (id, config, revision) VALUES ('text', 'not json', 'r')", on: store)
            #expect(try await store.configIds() == ["good"])
            #expect(try await store.config("array") == nil)
            #expect(try await store.config("text") == nil)
            #expect(Set(try await store.setAsideRecords().map { "\($0.kind):\($0.id)" }) == ["config:array", "config:text"])
        }
    }
}
