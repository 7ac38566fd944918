import Foundation
import RotaBenchmarkSupport
import RotaCore
import RotaModel

/// Plays the core's shell around a `CoreMachine` in the simplest way: every batch the machine
/// asks to store is reported stored at once, so that batches do not pile up; every other action
/// is dropped. Run ids are random UUIDs, as in the core.
struct MachineDriver {
    private(set) var machine: CoreMachine

    init() {
        machine = CoreMachine(timeZone: TimeZone(identifier: "UTC")!)
    }

    /// Hands `input` to the machine at `now`, then reports each batch it asks to store as
    /// stored, until it asks for none; returns the reply to `input`.
    @discardableResult
    mutating func handle(_ input: CoreInput, at now: Date) -> CoreReply {
        var transition = machine.handle(input, at: now)
        let reply = transition.reply
        while let batch = Self.batchToStore(in: transition) {
            transition = machine.handle(.stored(batch: batch), at: now)
        }
        return reply
    }

    /// Starts a run of `workflow` at `now`, with its batch stored; returns its id.
    mutating func start(_ workflow: String, at now: Date) throws -> TaskId {
        guard case .start(.success(.started(let id))) = handle(.start(workflow: workflow, reason: "scale", cascade: nil), at: now) else {
            throw BenchmarkFailure("workflow \(workflow) did not start a run")
        }
        return id
    }

    /// The number of the batch `transition` asks to store, if any.
    private static func batchToStore(in transition: CoreTransition) -> Int? {
        for case .store(let batch) in transition.actions { return batch.number }
        return nil
    }
}
