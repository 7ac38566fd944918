import Foundation
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// The audit trail in each store: entries kept with their caller and change, listed newest first by
/// kind and time within the limit's bounds, and pruned by age.
@Suite("Audit store")
struct AuditStoreTests {
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Records a change `seconds` after `start`.
    @discardableResult
    func record(
        _ store: any AuditStore, _ kind: AuditRecord.Kind = .workflow, _ action: AuditRecord.Action = .created, target: String? = "wf",
        at seconds: TimeInterval = 0, change: [String: JSONValue] = [:]
    ) async throws -> AuditEntry {
        try await store.recordAudit(
            AuditRecord(
                at: Self.start.addingTimeInterval(seconds), kind: kind, action: action, target: target,
                caller: AuditCaller(address: "10.0.0.7", identity: "token:alice"), change: change))
    }

    @Test(arguments: Self.stores) func anEntryKeepsItsCallerAndChangeAndIdsIncrease(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any AuditStore) async throws in
            let first = try await record(store, .schedule, .set, target: "collect", change: ["before": .null, "after": "0 * * * *"])
            let second = try await record(store, .resource, .marked, target: nil, at: 1, change: ["count": 3, "filter": ["cloud": "aws"]])
            #expect(second.id > first.id)
            let listed = try await store.auditEntries(AuditQuery())
            #expect(listed == [second, first])
            let marked = try #require(listed.first).record
            #expect(marked.target == nil)
            #expect(marked.caller == AuditCaller(address: "10.0.0.7", identity: "token:alice"))
            #expect(marked.change == ["count": 3, "filter": ["cloud": "aws"]])
            #expect(marked.at == Self.start.addingTimeInterval(1))
        }
    }

    @Test(arguments: Self.stores) func anEntryWithoutAnAddressKeepsNone(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any AuditStore) async throws in
            try await store.recordAudit(
                AuditRecord(at: Self.start, kind: .run, action: .stopped, target: "t-1", caller: AuditCaller(address: nil, identity: "anonymous")))
            let entry = try #require(try await store.auditEntries(AuditQuery()).first)
            #expect(entry.record.caller.address == nil)
            #expect(entry.record.change == [:])
        }
    }

    @Test(arguments: Self.stores) func theListingFiltersByKindAndTimeSinceInclusiveUntilExclusive(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any AuditStore) async throws in
            try await record(store, .workflow, at: 0)
            try await record(store, .job, at: 10)
            try await record(store, .workflow, .deleted, at: 20)
            try await record(store, .run, .started, at: 30)
            let workflows = try await store.auditEntries(AuditQuery(kind: .workflow))
            #expect(workflows.map(\.record.action) == [.deleted, .created])
            let window = try await store.auditEntries(AuditQuery(since: Self.start.addingTimeInterval(10), until: Self.start.addingTimeInterval(30)))
            #expect(window.map(\.record.kind) == [.workflow, .job])
            let both = try await store.auditEntries(AuditQuery(kind: .run, since: Self.start.addingTimeInterval(25)))
            #expect(both.map(\.record.kind) == [.run])
            #expect(try await store.auditEntries(AuditQuery(kind: .subscription)).isEmpty)
        }
    }

    @Test(arguments: Self.stores) func theLimitKeepsTheNewestAndStaysWithinItsBounds(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any AuditStore) async throws in
            for second in 0..<(AuditQuery.maximumLimit + 5) { try await record(store, at: TimeInterval(second)) }
            let newest = try await store.auditEntries(AuditQuery(limit: 3))
            #expect(newest.map(\.record.at) == [1004, 1003, 1002].map { Self.start.addingTimeInterval($0) })
            #expect(try await store.auditEntries(AuditQuery()).count == AuditQuery.defaultLimit)
            #expect(try await store.auditEntries(AuditQuery(limit: 50_000)).count == AuditQuery.maximumLimit)
            #expect(try await store.auditEntries(AuditQuery(limit: 0)).count == 1)
            #expect(try await store.auditEntries(AuditQuery(limit: -7)).count == 1)
        }
    }

    @Test(arguments: Self.stores) func pruningRemovesOnlyEntriesRecordedBeforeTheDate(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any AuditStore) async throws in
            try await record(store, at: 0)
            try await record(store, at: 100)
            try await record(store, at: 200)
            #expect(try await store.pruneAudit(before: Self.start.addingTimeInterval(100)) == 1)
            #expect(try await store.auditEntries(AuditQuery()).map(\.record.at) == [200, 100].map { Self.start.addingTimeInterval($0) })
            #expect(try await store.pruneAudit(before: Self.start) == 0)
        }
    }

    @Test(arguments: Self.stores) func atMostTheNewestEntriesAreKeptWhateverTheirAge(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any TrimmedAuditStore) async throws in
            #expect(SQLiteStore.auditEntryLimit == 1_000_000)
            for index in 0..<100 {
                try await store.recordAudit(
                    AuditRecord(
                        at: Self.start, kind: .resource, action: .protected, target: "r\(index)", caller: AuditCaller(address: nil, identity: "psk")),
                    keeping: 10, trimEvery: 16)
            }
            let kept = try await store.auditEntries(AuditQuery(limit: 1000))
            #expect(kept.count >= 10 && kept.count < 10 + 16)
            #expect(kept.first?.record.target == "r99")
            #expect(kept.map(\.id) == Array(kept.map(\.id).sorted(by: >)))
            #expect(kept.last.map { $0.id > 100 - 10 - 16 } == true)
        }
    }
}

/// A store whose audit trail can be trimmed to a few entries, so that a test sees the trimming.
protocol TrimmedAuditStore: AuditStore {
    /// Records `record`, trimming the trail to its newest `limit` entries once every `interval` ids.
    func recordAudit(_ record: AuditRecord, keeping limit: Int, trimEvery interval: Int64) async throws -> AuditEntry
}

extension SQLiteStore: TrimmedAuditStore {}
extension PostgresStore: TrimmedAuditStore {}
