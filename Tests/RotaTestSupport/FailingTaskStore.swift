import Foundation
import RotaEngine
import RotaModel
import RotaStore
import Synchronization

/// A task store that forwards every call to another one, but whose saves can be made to fail, as
/// those of a full disk do, and that counts the saves tried.
public final class FailingTaskStore: TaskStore {
    private let store: any TaskStore
    private let state = Mutex(State())

    private struct State {
        var failure: String?
        var attempts = 0
    }

    /// The error a failing save throws.
    public struct SaveRefused: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ store: any TaskStore) {
        self.store = store
    }

    /// Every save from now on fails with `reason`, until `allowSaves()`.
    public func refuseSaves(reason: String = "database or disk is full") {
        state.withLock { $0.failure = reason }
    }

    /// Saves go through again.
    public func allowSaves() {
        state.withLock { $0.failure = nil }
    }

    /// How many saves were tried.
    public var saveAttempts: Int {
        state.withLock { $0.attempts }
    }

    public func save(_ changes: TaskChanges) async throws {
        let failure = state.withLock { state in
            state.attempts += 1
            return state.failure
        }
        if let failure { throw SaveRefused(description: failure) }
        try await store.save(changes)
    }

    public func runningTasks() async throws -> [TaskSnapshot] { try await store.runningTasks() }
    public func history(_ query: HistoryQuery) async throws -> [HistoryEntry] { try await store.history(query) }
    public func historyEntry(_ id: TaskId) async throws -> HistoryEntry? { try await store.historyEntry(id) }
    public func historySummary() async throws -> [HistorySummary] { try await store.historySummary() }
    public func log(of id: TaskId) async throws -> [TaskLogEntry] { try await store.log(of: id) }
    public func pruneHistory(finishedBefore date: Date) async throws -> Int { try await store.pruneHistory(finishedBefore: date) }
    public func lastFires() async throws -> [String: Date] { try await store.lastFires() }
    public func unpublishedMessages() async throws -> [OutboxMessage] { try await store.unpublishedMessages() }
    public func queuedRuns() async throws -> [QueuedRun] { try await store.queuedRuns() }
}
