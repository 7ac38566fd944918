import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaStore

/// What the core's database would hold: each batch of `TaskChanges` applied at once, in the
/// order `SQLiteStore.save` applies it in one transaction (a run queued and dequeued in one
/// batch leaves the queue). Unlike the database it counts every history
/// entry it is given, so that a run stored as finished twice is seen.
public struct SimulatedStore: Sendable {
    public private(set) var running: [TaskId: TaskSnapshot] = [:]
    /// Every history entry stored, by task id, in the order stored.
    public private(set) var history: [TaskId: [HistoryEntry]] = [:]
    public private(set) var fires: [String: Date] = [:]
    public private(set) var outbox: [String: OutboxMessage] = [:]
    /// The frames of the messages in the outbox, with how many messages have each.
    private var outboxFrames: [String: Int] = [:]
    public private(set) var queued: [TaskId: QueuedRun] = [:]
    /// Every run that was ever stored as running or queued.
    public private(set) var everStored: Set<TaskId> = []
    /// Every run that was ever stored as queued.
    public private(set) var everQueued: Set<TaskId> = []

    public init() {}

    /// Applies one batch as one transaction; returns the invariants the result breaks.
    public mutating func apply(_ changes: TaskChanges) -> [InvariantViolation] {
        var violations: [InvariantViolation] = []
        for snapshot in changes.running {
            if history[snapshot.id] != nil {
                violations.append(InvariantViolation(.runEndsOnce, "run \(snapshot.id) is stored as running after it finished"))
            }
            running[snapshot.id] = snapshot
            everStored.insert(snapshot.id)
        }
        for entry in changes.finished {
            running[entry.taskId] = nil
            history[entry.taskId, default: []].append(entry)
            if let entries = history[entry.taskId], entries.count > 1 {
                violations.append(
                    InvariantViolation(
                        .runEndsOnce, "run \(entry.taskId) has \(entries.count) history entries: \(entries.map { Self.describe($0.outcome) })"))
            }
        }
        fires.merge(changes.fires) { _, newer in newer }
        for id in changes.published {
            guard let message = outbox.removeValue(forKey: id) else { continue }
            outboxFrames[message.frame, default: 1] -= 1
            if outboxFrames[message.frame] == 0 { outboxFrames[message.frame] = nil }
        }
        for message in changes.outbox {
            if let old = outbox.updateValue(message, forKey: message.id) {
                outboxFrames[old.frame, default: 1] -= 1
                if outboxFrames[old.frame] == 0 { outboxFrames[old.frame] = nil }
            }
            outboxFrames[message.frame, default: 0] += 1
        }
        for run in changes.queued {
            queued[run.taskId] = run
            everStored.insert(run.taskId)
            everQueued.insert(run.taskId)
        }
        for id in changes.dequeued { queued[id] = nil }
        return violations
    }

    /// Whether a message with this frame is in the outbox.
    public func holds(frame: String) -> Bool {
        outboxFrames[frame] != nil
    }

    /// What a core that starts finds: as `TaskHandler.load` reads it from the database.
    public func restore(workflows: [Versioned<Workflow>], subscribers: SubscriberDirectory) -> CoreRestore {
        CoreRestore(
            workflows: workflows, subscribers: subscribers, running: running.values.sorted { $0.id < $1.id },
            queued: queued.values.sorted { ($0.queuedAt, $0.taskId) < ($1.queuedAt, $1.taskId) },
            unpublished: outbox.values.sorted { ($0.position, $0.id) < ($1.position, $1.id) }, lastFires: fires)
    }

    static func describe(_ outcome: TaskOutcome) -> String {
        switch outcome {
        case .success: return "success"
        case .failure(let reason): return "failure (\(reason))"
        case .stopped(let reason): return "stopped (\(reason))"
        }
    }
}
