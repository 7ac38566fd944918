import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport
import Synchronization
import Testing

/// A run is found by its id at every moment of its life, including the moment between its end
/// and the flush that stores it in the history.
@Suite struct RunLookupTests {
    @Test func runThatJustFinishedIsFoundBeforeItsHistoryIsStored() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-run-lookup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = HeldTaskStore(try SQLiteStore(path: directory.appendingPathComponent("rota.db").path))
        let metrics = CoreMetrics()
        var logger = Logger(label: "rota.test")
        logger.logLevel = .critical
        let handler = TaskHandler(
            store: store, bus: MessageBus(queueLength: 100, metrics: metrics), clock: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)),
            timeZone: TimeZone(identifier: "UTC")!, metrics: metrics, commandRunner: NoCommands(), logger: logger)
        let subscribers = SubscriberDirectory([Subscriber(id: "a", subscriptions: [Subscription(messageType: "work", timeout: 60)])])
        try await handler.load(workflows: [Versioned(TestWorkflows.single("w", "work"), version: 1)], subscribers: subscribers)
        let flushing = Task { await handler.runFlushLoop() }

        let taskId = try #require(try await handler.start("w", reason: "test").taskId)
        guard case .running? = try await handler.run(taskId) else { throw TestFailure("the run is not running after its start") }

        store.hold()
        await handler.receive(.actionDone(ActionMessage(messageType: "work", task: taskId, step: "work", subscriberId: "a")), from: .actor("a"))
        try await store.waitUntilASaveIsHeld()
        #expect(try await store.historyEntry(taskId) == nil, "the history entry must not be stored yet for this test to mean anything")
        guard case .finished(let entry)? = try await handler.run(taskId) else {
            throw TestFailure("a run that has just finished is not found")
        }
        #expect(entry.outcome == .success)

        store.release()
        handler.finishFlushing()
        await flushing.value
        guard case .finished(let stored)? = try await handler.run(taskId) else { throw TestFailure("the stored run is not found") }
        #expect(stored == entry)
        #expect(try await store.historyEntry(taskId) == entry)
    }
}

/// Runs no commands: the workflows of these tests have none.
private struct NoCommands: CommandRunner {
    func run(_ command: String, in context: CommandContext) async -> CommandResult {
        .failure("no commands in this test")
    }
}

/// A task store whose saves can be held back, to look at the core between a transition and the
/// flush that stores it.
private final class HeldTaskStore: TaskStore {
    private let store: SQLiteStore
    private let state = Mutex(State())

    private struct State {
        var holding = false
        var heldSaves: [CheckedContinuation<Void, Never>] = []
        var heldWatchers: [CheckedContinuation<Void, Never>] = []
    }

    init(_ store: SQLiteStore) {
        self.store = store
    }

    /// Holds every save from now on until `release()`.
    func hold() {
        state.withLock { $0.holding = true }
    }

    /// Lets the held saves and every later one through.
    func release() {
        let saves = state.withLock { state in
            state.holding = false
            defer { state.heldSaves = [] }
            return state.heldSaves
        }
        saves.forEach { $0.resume() }
    }

    /// Returns once a save is waiting to be let through.
    func waitUntilASaveIsHeld() async throws {
        await withCheckedContinuation { continuation in
            let isHeld = state.withLock { state in
                if state.heldSaves.isEmpty { state.heldWatchers.append(continuation) }
                return !state.heldSaves.isEmpty
            }
            if isHeld { continuation.resume() }
        }
    }

    func save(_ changes: TaskChanges) async throws {
        await withCheckedContinuation { continuation in
            let (held, watchers) = state.withLock { state in
                guard state.holding else { return (false, [CheckedContinuation<Void, Never>]()) }
                state.heldSaves.append(continuation)
                defer { state.heldWatchers = [] }
                return (true, state.heldWatchers)
            }
            watchers.forEach { $0.resume() }
            if !held { continuation.resume() }
        }
        try await store.save(changes)
    }

    func runningTasks() async throws -> [TaskSnapshot] { try await store.runningTasks() }
    func history(_ query: HistoryQuery) async throws -> [HistoryEntry] { try await store.history(query) }
    func historyEntry(_ id: TaskId) async throws -> HistoryEntry? { try await store.historyEntry(id) }
    func historySummary() async throws -> [HistorySummary] { try await store.historySummary() }
    func log(of id: TaskId) async throws -> [TaskLogEntry] { try await store.log(of: id) }
    func pruneHistory(finishedBefore date: Date) async throws -> Int { try await store.pruneHistory(finishedBefore: date) }
    func lastFires() async throws -> [String: Date] { try await store.lastFires() }
    func unpublishedMessages() async throws -> [OutboxMessage] { try await store.unpublishedMessages() }
    func queuedRuns() async throws -> [QueuedRun] { try await store.queuedRuns() }
}
