import Foundation
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `POST /resources/merge`: a body of JSON lines replaces one (cloud, account) snapshot, whole
/// or not at all.
@Suite("Resource merge")
struct ResourceMergeTests {
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases

    @Test(arguments: Self.stores) func firstMergeAddsEveryResource(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            let summary = try await store.merge([resource("i-1"), resource("i-2"), resource("v-1", kind: "volume")])
            #expect(summary == MergeSummary(cloud: "aws", account: "111", added: 3))
            let stored = try #require(try await store.resource(id: "i-1"))
            #expect(stored.resource == resource("i-1"))
            #expect(stored.metadata == ResourceMetadata(firstSeen: Clock.start, lastSeen: Clock.start))
            #expect(try await store.resource(id: "nope") == nil)
        }
    }

    @Test(arguments: Self.stores) func secondMergeWithAResourceGoneRemovesIt(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-1"), resource("i-2"), resource("i-3")])
            let summary = try await store.merge([resource("i-1"), resource("i-3")], at: Clock.hour(1))
            #expect(summary == MergeSummary(cloud: "aws", account: "111", unchanged: 2, removed: 1))
            #expect(try await store.ids() == ["i-1", "i-3"])
            #expect(try await store.resource(id: "i-2") == nil)
        }
    }

    @Test(arguments: Self.stores) func changedResourceIsUpdatedAndKeepsWhenItWasFirstSeen(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-1", tags: ["env": "dev"]), resource("i-2")])
            let changed = resource("i-1", tags: ["env": "prod"], attributes: ["instance_cores": 8])
            let summary = try await store.merge([changed, resource("i-2"), resource("i-3")], at: Clock.hour(2))
            #expect(summary == MergeSummary(cloud: "aws", account: "111", added: 1, updated: 1, unchanged: 1))
            let stored = try #require(try await store.resource(id: "i-1"))
            #expect(stored.resource == changed)
            #expect(stored.metadata.firstSeen == Clock.start)
            #expect(stored.metadata.lastSeen == Clock.hour(2))
            #expect(try await store.resource(id: "i-2")?.metadata.lastSeen == Clock.hour(2))
            #expect(try await store.resource(id: "i-3")?.metadata.firstSeen == Clock.hour(2))
        }
    }

    @Test(arguments: Self.stores) func tagsInAnotherOrderAreNoChange(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge(text: #"{"id":"i-1","kind":"instance","tags":{"a":"1","b":"2"},"attributes":{"x":1,"y":2}}"# + "\n")
            let summary = try await store.merge(text: #"{"attributes":{"y":2,"x":1},"tags":{"b":"2","a":"1"},"kind":"instance","id":"i-1"}"#)
            #expect(summary.unchanged == 1)
        }
    }

    @Test(arguments: Self.stores) func malformedLineChangesNothingAndNamesTheLine(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-1"), resource("i-2")])
            let body = lines([resource("i-1", tags: ["env": "prod"]), resource("i-3")]) + #"{"id":"i-4","kind":"instance","tags":{"env":7}}"# + "\n"
            await #expect(throws: ResourceMergeError(line: 3, path: "tags.env", message: "must be a string, not number")) {
                try await store.merge(text: body, at: Clock.hour(1))
            }
            #expect(try await store.ids() == ["i-1", "i-2"])
            #expect(try await store.resource(id: "i-1")?.resource.tags == [:])
            #expect(try await store.resource(id: "i-1")?.metadata.lastSeen == Clock.start)
        }
    }

    @Test(arguments: Self.stores) func malformedLineFarIntoALargeBodyChangesNothing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-keep")])
            let body = lines((0..<5000).map { resource("i-\($0)") }) + "{not json}\n" + lines([resource("i-last")])
            do {
                try await store.merge(text: body, chunkSize: 4096)
                Issue.record("the merge succeeded")
            } catch let error as ResourceMergeError {
                #expect(error.line == 5001)
                #expect(error.description == "line 5001: invalid JSON at column 2: expected a key in double quotes")
            }
            #expect(try await store.ids() == ["i-keep"])
        }
    }

    @Test(arguments: Self.stores) func idOfAnotherSnapshotIsAnErrorForItsLine(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("shared", account: "222")], account: "222")
            await #expect(throws: ResourceMergeError(line: 2, path: "id", message: "\"shared\" already belongs to cloud \"aws\", account \"222\"")) {
                try await store.merge([resource("i-1"), resource("shared")])
            }
            #expect(try await store.ids() == ["shared"])
        }
    }

    @Test(arguments: Self.stores) func idAlreadyBelongingToAnotherSnapshotFailsEvenAfterManyRows(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("shared", cloud: "gcp")], cloud: "gcp")
            let many = (0..<3000).map { resource("i-\($0)") }
            await #expect(throws: ResourceMergeError.self) {
                try await store.merge(many[..<2500] + [resource("shared")] + many[2500...])
            }
            #expect(try await store.ids() == ["shared"])
        }
    }

    @Test(arguments: Self.stores) func idTwiceInOneMergeIsAnError(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            await #expect(throws: ResourceMergeError(line: 3, path: "id", message: "\"i-1\" appears on an earlier line of this merge")) {
                try await store.merge([resource("i-1"), resource("i-2"), resource("i-1")])
            }
            try await store.merge([resource("i-1")])
            await #expect(throws: ResourceMergeError(line: 2, path: "id", message: "\"i-1\" appears on an earlier line of this merge")) {
                try await store.merge([resource("i-1"), resource("i-1")])
            }
            #expect(try await store.ids() == ["i-1"])
        }
    }

    @Test(arguments: Self.stores) func lineOfAnotherCloudOrAccountIsAnError(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            await #expect(throws: ResourceMergeError(line: 2, path: "cloud", message: "is \"gcp\", but this merge is for cloud \"aws\"")) {
                try await store.merge([resource("i-1"), resource("i-2", cloud: "gcp")])
            }
            await #expect(throws: ResourceMergeError(line: 1, path: "account", message: "is \"222\", but this merge is for account \"111\"")) {
                try await store.merge([resource("i-1", account: "222")])
            }
            #expect(try await store.ids().isEmpty)
        }
    }

    @Test(arguments: Self.stores) func missingCloudAndAccountAreTheMerges(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge(text: #"{"id":"i-1","kind":"instance"}"#, cloud: "gcp", account: "p-1")
            let stored = try #require(try await store.resource(id: "i-1"))
            #expect(stored.resource.cloud == "gcp")
            #expect(stored.resource.account == "p-1")
        }
    }

    @Test(arguments: Self.stores) func bodyMayUseCarriageReturnsBlankLinesAndNoFinalLineBreak(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            let body = "\r\n" + #"{"id":"a","kind":"k"}"# + "\r\n\n   \n" + #"{"id":"b","kind":"k"}"# + "\r\n" + #"{"id":"c","kind":"k"}"#
            for chunkSize in [1, 3, 1000] {
                #expect(try await store.merge(text: body, chunkSize: chunkSize).seen == 3)
            }
            await #expect(throws: ResourceMergeError(line: 3, path: "kind", message: "is required")) {
                try await store.merge(text: "\n" + #"{"id":"a","kind":"k"}"# + "\n" + #"{"id":"b"}"#)
            }
        }
    }

    @Test(arguments: Self.stores) func emptyBodyEmptiesTheSnapshot(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-1"), resource("i-2")])
            #expect(try await store.merge(text: "").removed == 2)
            #expect(try await store.ids().isEmpty)
        }
    }

    @Test(arguments: Self.stores) func mergeLeavesOtherSnapshotsAlone(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("a-1"), resource("a-2")])
            try await store.merge([resource("b-1", account: "222")], account: "222")
            try await store.merge([resource("a-1")], at: Clock.hour(1))
            #expect(try await store.ids() == ["a-1", "b-1"])
            #expect(try await store.resource(id: "b-1")?.metadata.lastSeen == Clock.start)
            #expect(try await store.resource(id: "a-1")?.metadata.lastSeen == Clock.hour(1))
        }
    }

    @Test(arguments: Self.stores) func mergeKeepsCleanMarksDeletionsAndProtection(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            try await store.merge([resource("i-1"), resource("i-2"), resource("i-3")])
            _ = try await store.markClean(ids: ["i-1", "i-2"], reason: "expired", now: Clock.hour(1))
            _ = try await store.recordCleaned(ids: ["i-2"], now: Clock.hour(2))
            _ = try await store.setProtected(id: "i-3", true)
            try await store.merge([resource("i-1", tags: ["env": "x"]), resource("i-2"), resource("i-3")], at: Clock.hour(3))
            let metadata = try await ["i-1", "i-2", "i-3"].asyncMap { try #require(try await store.resource(id: $0)).metadata }
            #expect(metadata[0].clean == CleanMark(reason: "expired", at: Clock.hour(1)))
            #expect(metadata[1].cleaned == Clock.hour(2))
            #expect(metadata[2].protected)
        }
    }

    @Test(arguments: Self.stores) func mergeComputesExpiryAndReportsUnreadableTags(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            let summary = try await store.merge([
                resource("i-1", tags: ["rota:expiration": "2h"]),
                resource("i-2", tags: ["rota:expires": "soon", "expiration": "1d"]),
                resource("i-3", tags: ["expiration": "eventually"]),
                resource("i-4"),
            ])
            #expect(summary.problemCount == 2)
            #expect(summary.problems.map(\.description) == [
                "line 2 (i-2): tag rota:expires: \"soon\" is not an ISO-8601 time such as 2026-11-01T00:00:00Z; ignored",
                "line 3 (i-3): tag expiration: \"eventually\" is not a duration such as 2h, 3d, 1w2d or 30min; ignored",
            ])
            #expect(try await store.resource(id: "i-1")?.metadata.expires == Clock.hour(2))
            #expect(try await store.resource(id: "i-2")?.metadata.expires == Clock.hour(24))
            #expect(try await store.resource(id: "i-3")?.metadata.expires == nil)
            let changed = try await store.merge([resource("i-1", tags: ["rota:expiration": "3h"])])
            #expect(changed.updated == 1)
            #expect(try await store.resource(id: "i-1")?.metadata.expires == Clock.hour(3))
        }
    }

    @Test(arguments: Self.stores) func emptyCloudOrAccountIsRefused(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any ResourceStore) async throws in
            await #expect(throws: ResourceMergeError(line: 0, path: "cloud", message: "must not be empty")) {
                try await store.merge([], cloud: "")
            }
            #expect(ResourceMergeError(line: 0, path: "account", message: "must not be empty").description == "account: must not be empty")
        }
    }
}
