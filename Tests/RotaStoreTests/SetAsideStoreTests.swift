import Foundation
import Logging
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Synchronization
import Testing

/// Set-aside records on both stores: each unreadable row is listed once with its first time and
/// latest reason, told once to the store's report, and forgotten on request.
@Suite("Set-aside store")
struct SetAsideStoreTests {
    @Test(arguments: StoreKind.allCases) func aRecordFoundAgainKeepsItsFirstTimeAndIsForgottenOnRequest(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            try await executeRaw("INSERT INTO subscriber (id, subscriptions) VALUES ('broken', 'not json')", on: store)
            try await executeRaw("INSERT INTO job_definition (id, version, definition) VALUES ('old-job', 3, '{}')", on: store)
            _ = try await store.subscribers()
            let first = try await store.setAsideRecords()
            #expect(first.map(\.id) == ["broken"])

            _ = try await store.jobDefinitions()
            _ = try await store.subscribers()
            let second = try await store.setAsideRecords()
            #expect(second.map(\.kind) == [.subscriber, .job])
            #expect(second.first == first.first)

            #expect(try await store.forgetSetAside(.subscriber, id: "broken"))
            #expect(try await store.forgetSetAside(.subscriber, id: "broken") == false)
            #expect(try await store.setAsideRecords().map(\.id) == ["old-job"])
        }
    }

    @Test(arguments: StoreKind.allCases) func aRecordSetAsideIsReportedOnceWhenFirstFound(_ kind: StoreKind) async throws {
        let reported = ReportedRecords()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-set-aside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: any RecordStore
        switch kind {
        case .sqlite:
            store = try SQLiteStore(path: directory.appendingPathComponent("rota.sqlite").path, reportSetAside: reported.add)
        case .postgres:
            var logger = Logger(label: "rota.test.set-aside")
            logger.logLevel = .critical
            store = try await PostgresStore.open(try PostgresURL(TestPostgres.freshDatabaseURL()), logger: logger, reportSetAside: reported.add)
        }
        defer { (store as? PostgresStore)?.close() }
        try await executeRaw("INSERT INTO subscriber (id, subscriptions) VALUES ('broken', 'not json')", on: store)
        _ = try await store.subscribers()
        _ = try await store.subscribers()
        #expect(reported.records.map(\.id) == ["broken"])
        #expect(reported.records.map(\.kind) == [.subscriber])
    }
}

/// The records a store reported as set aside, in order.
final class ReportedRecords: Sendable {
    private let recorded = Mutex<[SetAsideRecord]>([])

    var records: [SetAsideRecord] { recorded.withLock { $0 } }

    /// Notes one report.
    @Sendable func add(_ record: SetAsideRecord) {
        recorded.withLock { $0.append(record) }
    }
}
