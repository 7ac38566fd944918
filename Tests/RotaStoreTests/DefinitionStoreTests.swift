import Foundation
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// Workflow and job definitions with their versions on both stores, listed by id, replaced and
/// deleted; schedule overrides set and forgotten; a definition that no longer reads set aside.
@Suite("Definition store")
struct DefinitionStoreTests {
    @Test(arguments: StoreKind.allCases) func workflowsKeepTheirVersionsAndAreReplacedAndDeleted(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let collect = Workflow(id: "collect", steps: [.performing("collect", timeout: 60)])
            let clean = Workflow(id: "clean", steps: [.performing("clean", timeout: 30)], onSurpass: .skip)
            try await store.saveWorkflow(Versioned(collect, version: 1))
            try await store.saveWorkflow(Versioned(clean, version: 1))
            #expect(try await store.workflowDefinitions() == [Versioned(clean, version: 1), Versioned(collect, version: 1)])

            let changed = Workflow(id: "collect", steps: [.performing("collect", timeout: 120)])
            try await store.saveWorkflow(Versioned(changed, version: 2))
            #expect(try await store.workflowDefinitions().last == Versioned(changed, version: 2))
            #expect(try await store.deleteWorkflow("clean"))
            #expect(try await store.deleteWorkflow("clean") == false)
            #expect(try await store.workflowDefinitions() == [Versioned(changed, version: 2)])
        }
    }

    @Test(arguments: StoreKind.allCases) func jobsKeepTheirVersionsAndAreReplacedAndDeleted(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let job = Job(id: "backup", command: "backup --all", trigger: .event(messageType: "collected", filter: nil))
            try await store.saveJob(Versioned(job, version: 1))
            var changed = job
            changed.command = "backup --changed"
            try await store.saveJob(Versioned(changed, version: 4))
            #expect(try await store.jobDefinitions() == [Versioned(changed, version: 4)])
            #expect(try await store.deleteJob("backup"))
            #expect(try await store.deleteJob("backup") == false)
            #expect(try await store.jobDefinitions().isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func scheduleOverridesAreSetReplacedAndForgotten(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            try await store.saveScheduleOverride("0 * * * *", of: "collect")
            try await store.saveScheduleOverride("", of: "clean")
            try await store.saveScheduleOverride("*/5 * * * *", of: "collect")
            #expect(try await store.scheduleOverrides() == ["collect": "*/5 * * * *", "clean": ""])
            try await store.saveScheduleOverride(nil, of: "clean")
            try await store.saveScheduleOverride(nil, of: "unknown")
            #expect(try await store.scheduleOverrides() == ["collect": "*/5 * * * *"])
        }
    }

    @Test(arguments: StoreKind.allCases) func aDefinitionThatNoLongerReadsIsSetAsideAndTheOthersLoad(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let collect = Workflow(id: "collect", steps: [.performing("collect", timeout: 60)])
            try await store.saveWorkflow(Versioned(collect, version: 3))
            try await executeRaw(
                #"INSERT INTO workflow_definition (id, version, definition) VALUES ('old', 1, '{"id": "old", "steps": "none"}')"#, on: store)
            #expect(try await store.workflowDefinitions() == [Versioned(collect, version: 3)])
            #expect(try await store.setAsideRecords().map { "\($0.kind):\($0.id)" } == ["workflow:old"])
        }
    }
}
