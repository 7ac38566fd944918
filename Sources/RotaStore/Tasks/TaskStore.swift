import Foundation
import RotaEngine
import RotaModel

/// The durable runs: the state of every running task, each run's log, the history of finished
/// runs and the last fire of each cron trigger.
public protocol TaskStore: Sendable {
    /// Stores what changed, all in one transaction: a crash leaves either all or none of it.
    func save(_ changes: TaskChanges) async throws
    /// The stored state of every run that has not finished.
    func runningTasks() async throws -> [TaskSnapshot]
    /// Finished runs, newest first.
    func history(_ query: HistoryQuery) async throws -> [HistoryEntry]
    /// One finished run, if it is in the history.
    func historyEntry(_ id: TaskId) async throws -> HistoryEntry?
    /// Per workflow: how many runs the history holds, the last one, how many had errors, the mean duration.
    func historySummary() async throws -> [HistorySummary]
    /// The log of a run, running or finished, oldest entry first.
    func log(of id: TaskId) async throws -> [TaskLogEntry]
    /// Removes finished runs (and their logs) that ended before `date`; returns how many.
    @discardableResult
    func pruneHistory(finishedBefore date: Date) async throws -> Int
    /// When each cron trigger last fired, by trigger key.
    func lastFires() async throws -> [String: Date]
    /// The messages stored by transitions and not yet known to be published, in order.
    func unpublishedMessages() async throws -> [OutboxMessage]
    /// The runs waiting for the active run of their workflow to end.
    func queuedRuns() async throws -> [QueuedRun]
}

/// What one batch of task transitions changed.
public struct TaskChanges: Sendable {
    /// Runs whose state changed and that are still running: stored in place of their old state.
    public var running: [TaskSnapshot] = []
    /// Runs that ended: they leave the running tasks and become history.
    public var finished: [HistoryEntry] = []
    /// New log entries, by run, in order.
    public var log: [(task: TaskId, entry: TaskLogEntry)] = []
    /// Cron triggers that fired, with the time.
    public var fires: [String: Date] = [:]
    /// Messages the transitions published, to publish once stored.
    public var outbox: [OutboxMessage] = []
    /// Ids of stored messages that have been published since: they leave the outbox.
    public var published: [String] = []
    /// Runs queued under the surpass policy `Wait`.
    public var queued: [QueuedRun] = []
    /// Queued runs that have started or been dropped: they leave the queue (after `queued` is
    /// added, so a run queued and started in one batch is gone).
    public var dequeued: [TaskId] = []

    public init() {}

    /// Whether there is nothing to store.
    public var isEmpty: Bool {
        running.isEmpty && finished.isEmpty && log.isEmpty && fires.isEmpty && outbox.isEmpty && published.isEmpty && queued.isEmpty
            && dequeued.isEmpty
    }
}
