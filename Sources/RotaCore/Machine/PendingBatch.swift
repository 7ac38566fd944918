import Foundation
import RotaEngine
import RotaModel
import RotaStore

/// What the transitions since the last store must store, and then do: the core's outbox.
struct PendingBatch: Sendable {
    /// Running tasks whose state changed; their state is read when the batch is taken.
    var changed: Set<TaskId> = []
    var finished: [HistoryEntry] = []
    var log: [(task: TaskId, entry: TaskLogEntry)] = []
    var fires: [String: Date] = [:]
    /// Messages to store, then publish, in order, each with the message it stores.
    var outbox: [(stored: OutboxMessage, message: Message)] = []
    /// Stored messages published since: they leave the store with this batch. They alone do not
    /// make a batch worth storing; they go with the next one, or when the core stops.
    var published: [String] = []
    var queued: [QueuedRun] = []
    var dequeued: [TaskId] = []
    /// Commands to run once stored.
    var commands: [CommandOrder] = []
    /// The number of the last input the batch holds.
    var sequence = 0

    /// Whether nothing in it needs storing.
    var isEmpty: Bool {
        changed.isEmpty && finished.isEmpty && log.isEmpty && fires.isEmpty && outbox.isEmpty && queued.isEmpty && dequeued.isEmpty
            && commands.isEmpty
    }

    /// This batch followed by `later`, for a batch that could not be stored and is tried again.
    func followed(by later: PendingBatch) -> PendingBatch {
        var merged = self
        merged.changed.formUnion(later.changed)
        merged.finished += later.finished
        merged.log += later.log
        merged.fires.merge(later.fires) { _, newer in newer }
        merged.outbox += later.outbox
        merged.published += later.published
        merged.queued += later.queued
        merged.dequeued += later.dequeued
        merged.commands += later.commands
        merged.sequence = max(sequence, later.sequence)
        return merged
    }
}
