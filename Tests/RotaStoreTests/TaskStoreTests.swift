import Foundation
import RotaEngine
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// Runs on both stores: saved and updated while they run, finished into the history with their
/// log, listed and summed up, pruned; cron fires, the outbox and the queue of waiting runs; an
/// unreadable row set aside.
@Suite("Task store")
struct TaskStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let workflow = Workflow(id: "collect", steps: [.performing("collect", timeout: 60)])

    /// A run of `workflow` created `seconds` after `start`.
    func running(_ id: TaskId, at seconds: TimeInterval = 0) -> TaskSnapshot {
        RunningTask(id: id, workflow: Self.workflow, createdAt: Self.start.addingTimeInterval(seconds)).snapshot
    }

    /// A finished run of `workflowId` that started `seconds` after `start` and took `duration`.
    func finished(
        _ id: TaskId, workflowId: String = "collect", at seconds: TimeInterval = 0, duration: TimeInterval = 10, errors: Int = 0
    ) -> HistoryEntry {
        HistoryEntry(
            taskId: id, workflowId: workflowId, workflowVersion: 2, startedAt: Self.start.addingTimeInterval(seconds),
            finishedAt: Self.start.addingTimeInterval(seconds + duration), outcome: errors > 0 ? .failure(reason: "step failed") : .success,
            errors: errors, steps: [StepRecord(name: "collect", state: .succeeded, startedAt: Self.start, endedAt: Self.start, errors: errors)])
    }

    /// A log entry `seconds` after `start`.
    func logEntry(_ message: String, at seconds: TimeInterval = 0) -> TaskLogEntry {
        TaskLogEntry(at: Self.start.addingTimeInterval(seconds), level: .info, step: "collect", subscriberId: "worker", message: message)
    }

    /// Saves one batch.
    func save(_ store: any RecordStore, _ change: (inout TaskChanges) -> Void) async throws {
        var changes = TaskChanges()
        change(&changes)
        try await store.save(changes)
    }

    @Test(arguments: StoreKind.allCases) func aRunIsSavedUpdatedAndFinishedIntoTheHistoryWithItsLog(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let first = running("t-1")
            try await save(store) { changes in
                changes.running = [first, running("t-2", at: 1)]
                changes.log = [(task: "t-1", entry: logEntry("started")), (task: "t-2", entry: logEntry("other"))]
            }
            #expect(try await store.runningTasks() == [first, running("t-2", at: 1)])

            var updated = first
            updated.deadline = Self.start.addingTimeInterval(60)
            try await save(store) { changes in
                changes.running = [updated]
                changes.log = [(task: "t-1", entry: logEntry("asked worker", at: 1))]
            }
            #expect(try await store.runningTasks().first == updated)

            let entry = finished("t-1")
            try await save(store) { changes in
                changes.finished = [entry]
                changes.log = [(task: "t-1", entry: TaskLogEntry(at: Self.start.addingTimeInterval(10), level: .error, step: nil, message: "done"))]
            }
            #expect(try await store.runningTasks().map(\.id) == ["t-2"])
            #expect(try await store.historyEntry("t-1") == entry)
            #expect(try await store.historyEntry("unknown") == nil)
            #expect(try await store.log(of: "t-1").map(\.message) == ["started", "asked worker", "done"])
            let last = try #require(try await store.log(of: "t-1").last)
            #expect(last == TaskLogEntry(at: Self.start.addingTimeInterval(10), level: .error, step: nil, message: "done"))
            #expect(try await store.log(of: "unknown").isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func theHistoryIsListedNewestFirstByWorkflowTimeAndErrorsWithinItsLimit(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            try await save(store) { changes in
                changes.finished = [
                    finished("a", at: 0), finished("b", workflowId: "clean", at: 10, errors: 2), finished("c", at: 20, duration: 30),
                    finished("d", at: 20, errors: 1),
                ]
            }
            #expect(try await store.history(HistoryQuery()).map(\.taskId) == ["d", "c", "b", "a"])
            #expect(try await store.history(HistoryQuery(workflowId: "collect")).map(\.taskId) == ["d", "c", "a"])
            #expect(try await store.history(HistoryQuery(hasErrors: true)).map(\.taskId) == ["d", "b"])
            #expect(try await store.history(HistoryQuery(hasErrors: false)).map(\.taskId) == ["c", "a"])
            let window = HistoryQuery(startedAfter: Self.start.addingTimeInterval(10), startedBefore: Self.start.addingTimeInterval(20))
            #expect(try await store.history(window).map(\.taskId) == ["b"])
            #expect(try await store.history(HistoryQuery(limit: 2)).map(\.taskId) == ["d", "c"])
            #expect(try await store.history(HistoryQuery(limit: -1)).isEmpty)

            let summary = try await store.historySummary()
            #expect(summary.map(\.workflowId) == ["clean", "collect"])
            #expect(summary.last == HistorySummary(
                workflowId: "collect", count: 3, lastRun: Self.start.addingTimeInterval(20), runsWithErrors: 1, averageDuration: 50.0 / 3))
        }
    }

    @Test(arguments: StoreKind.allCases) func pruningRemovesRunsThatEndedBeforeTheDateWithTheirLogs(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            try await save(store) { changes in
                changes.finished = [finished("old", at: 0), finished("older", at: -100), finished("new", at: 100)]
                changes.log = [(task: "old", entry: logEntry("old")), (task: "new", entry: logEntry("new"))]
            }
            #expect(try await store.pruneHistory(finishedBefore: Self.start.addingTimeInterval(50)) == 2)
            #expect(try await store.history(HistoryQuery()).map(\.taskId) == ["new"])
            #expect(try await store.log(of: "old").isEmpty)
            #expect(try await store.log(of: "new").map(\.message) == ["new"])
            #expect(try await store.pruneHistory(finishedBefore: Self.start) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func theLastFireOfEachTriggerIsKept(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            try await save(store) { changes in changes.fires = ["collect#0": Self.start, "clean#0": Self.start] }
            try await save(store) { changes in changes.fires = ["collect#0": Self.start.addingTimeInterval(3600)] }
            #expect(try await store.lastFires() == ["collect#0": Self.start.addingTimeInterval(3600), "clean#0": Self.start])
        }
    }

    @Test(arguments: StoreKind.allCases) func messagesStayInTheOutboxInOrderUntilPublished(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let event = OutboxMessage(
                id: "m-2", position: 2, message: .event(Event(messageType: "collected", data: ["count": 3], id: "m-2")), originTask: "t-1",
                originWorkflow: "collect", cascade: Cascade(["collect"]))
            let own = OutboxMessage(
                id: "m-1", position: 1, message: .event(Event(messageType: "rota_started", id: "m-1")), originTask: nil, originWorkflow: nil,
                cascade: Cascade())
            try await save(store) { changes in changes.outbox = [event, own] }
            #expect(try await store.unpublishedMessages() == [own, event])
            #expect(try await store.unpublishedMessages().last?.message() == .event(Event(messageType: "collected", data: ["count": 3], id: "m-2")))
            try await save(store) { changes in changes.published = ["m-1", "unknown"] }
            #expect(try await store.unpublishedMessages() == [event])
        }
    }

    @Test(arguments: StoreKind.allCases) func runsAreQueuedOldestFirstAndLeaveWhenDequeued(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let later = QueuedRun(taskId: "a", workflowId: "collect", cascade: Cascade(), queuedAt: Self.start.addingTimeInterval(5), reason: "cron")
            let earlier = QueuedRun(taskId: "b", workflowId: "collect", cascade: Cascade(["x"]), queuedAt: Self.start, reason: "event")
            try await save(store) { changes in changes.queued = [later, earlier] }
            #expect(try await store.queuedRuns() == [earlier, later])
            let both = QueuedRun(taskId: "c", workflowId: "collect", cascade: Cascade(), queuedAt: Self.start, reason: "api")
            try await save(store) { changes in
                changes.queued = [both]
                changes.dequeued = ["c", "b"]
            }
            #expect(try await store.queuedRuns() == [later])
        }
    }

    @Test(arguments: StoreKind.allCases) func aLogEntryWithTheNulCharacterIsStored(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let sent = TaskLogEntry(at: Self.start, level: .error, step: "s\u{0}", subscriberId: "w\u{0}", message: "a\u{0}b")
            try await save(store) { changes in changes.log = [(task: "t-1", entry: sent)] }
            let stored = try #require(try await store.log(of: "t-1").first)
            // SQLite reads text up to the first NUL; PostgreSQL text cannot hold it, and its store keeps U+FFFD in its place.
            let expected = kind == .sqlite
                ? TaskLogEntry(at: Self.start, level: .error, step: "s", subscriberId: "w", message: "a")
                : TaskLogEntry(at: Self.start, level: .error, step: "s\u{FFFD}", subscriberId: "w\u{FFFD}", message: "a\u{FFFD}b")
            #expect(stored == expected)
        }
    }

    @Test(arguments: StoreKind.allCases) func aBatchThatFailsStoresNothing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            for statement in Self.refusingQueuedRuns(kind) { try await executeRaw(statement, on: store) }
            let failing = { (changes: inout TaskChanges) in
                changes.running = [running("t-1")]
                changes.finished = [finished("t-0")]
                changes.log = [(task: "t-1", entry: logEntry("started"))]
                changes.fires = ["collect#0": Self.start]
                changes.queued = [QueuedRun(taskId: "q", workflowId: "collect", cascade: Cascade(), queuedAt: Self.start, reason: "cron")]
            }
            await #expect(throws: (any Error).self) { try await save(store, failing) }
            #expect(try await store.runningTasks().isEmpty)
            #expect(try await store.history(HistoryQuery()).isEmpty)
            #expect(try await store.log(of: "t-1").isEmpty)
            #expect(try await store.lastFires().isEmpty)
        }
    }

    /// The statements that make every insert into `queued_run` fail, in each store's dialect:
    /// the last change of a batch then fails after all the others were written.
    static func refusingQueuedRuns(_ kind: StoreKind) -> [String] {
        switch kind {
        case .sqlite:
            ["CREATE TRIGGER refuse_queue BEFORE INSERT ON queued_run BEGIN SELECT RAISE(ABORT, 'refused'); END"]
        case .postgres:
            [
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$",
                "CREATE TRIGGER refuse_queue BEFORE INSERT ON queued_run FOR EACH ROW EXECUTE FUNCTION refuse()",
            ]
        }
    }

    @Test(arguments: StoreKind.allCases) func unreadableRowsAreSetAsideAndTheOthersLoad(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let run = running("t-1")
            let entry = finished("h-1")
            try await save(store) { changes in
                changes.running = [run]
                changes.finished = [entry]
            }
            try await executeRaw("INSERT INTO running_task (id, snapshot) VALUES ('t-broken', 'garbage')", on: store)
            try await executeRaw(
                """
                INSERT INTO task_history (task_id, workflow_id, workflow_version, started_at, finished_at, errors, entry)
                VALUES ('h-broken', 'collect', 1, 0, 1, 0, '{}')
                """, on: store)
            try await executeRaw(
                "INSERT INTO outbox_message (id, position, frame, origin_task, origin_workflow, cascade) VALUES ('m-broken', 1, 'frame', NULL, NULL, '[]')",
                on: store)
            try await executeRaw("INSERT INTO queued_run (task_id, workflow_id, body) VALUES ('q-broken', 'collect', '[]')", on: store)
            #expect(try await store.runningTasks() == [run])
            #expect(try await store.history(HistoryQuery()) == [entry])
            #expect(try await store.historyEntry("h-broken") == nil)
            #expect(try await store.unpublishedMessages().isEmpty)
            #expect(try await store.queuedRuns().isEmpty)
            let setAside = try await store.setAsideRecords()
            #expect(Set(setAside.map { "\($0.kind):\($0.id)" }) == ["run:t-broken", "history:h-broken", "outbox:m-broken", "queued:q-broken"])
        }
    }
}
