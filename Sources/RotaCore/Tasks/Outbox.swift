import Foundation
import RotaEngine
import RotaModel
import RotaStore

/// What the transitions since the last flush must store, and then do, in that order.
struct Outbox {
    /// Something to do once the batch is stored.
    enum Effect {
        /// A message of a run: published on the bus, and, when it is an event, received as one.
        case publish(Message, origin: EventOrigin)
        case runCommand(task: TaskId, command: String, step: String)
    }

    /// Running tasks whose state changed; their state is read when the batch is stored.
    var changed: Set<TaskId> = []
    var finished: [HistoryEntry] = []
    var log: [(task: TaskId, entry: TaskLogEntry)] = []
    var fires: [String: Date] = [:]
    var effects: [Effect] = []
    /// The number of the last change the batch holds.
    var sequence = 0

    var isEmpty: Bool { changed.isEmpty && finished.isEmpty && log.isEmpty && fires.isEmpty && effects.isEmpty }

    /// This batch followed by `later`, for a batch that could not be stored and is tried again.
    func followed(by later: Outbox) -> Outbox {
        var merged = self
        merged.changed.formUnion(later.changed)
        merged.finished += later.finished
        merged.log += later.log
        merged.fires.merge(later.fires) { _, newer in newer }
        merged.effects += later.effects
        merged.sequence = max(sequence, later.sequence)
        return merged
    }
}
