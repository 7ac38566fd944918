import Dispatch
import Foundation
import Synchronization

/// Runs the core's key derivations, at most `limit` at a time, with at most `queueLimit` more
/// waiting for their turn; beyond that, a derivation is turned away at once. Each derivation
/// keeps a core busy for about 50 ms, so a flood of tokens with new salts costs the core at most
/// `limit` cores, and the event loops and the engine keep the others.
final class DerivationGate: Sendable {
    private struct State {
        var running = 0
        var mostRunning = 0
        /// Those waiting for a place, first come first served, by ticket; each is resumed with
        /// `true` when its place is free, or with `false` when its task is cancelled first.
        var waiting: [(ticket: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextTicket = 0
    }

    /// The most derivations that run at once.
    let limit: Int
    /// The most derivations that wait for one of the `limit` places.
    let queueLimit: Int
    private let state = Mutex(State())

    /// The most derivations at once on a machine of `cores` cores: one or two, and always one
    /// core fewer than the machine has, so that one is left for everything else.
    static func defaultLimit(cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        max(1, min(2, cores - 1))
    }

    init(limit: Int = DerivationGate.defaultLimit(), queueLimit: Int = 16) {
        precondition(limit > 0 && queueLimit >= 0, "a derivation gate lets at least one derivation run")
        self.limit = limit
        self.queueLimit = queueLimit
    }

    /// The result of `derive`, run off the caller's thread once a place is free; nil, without
    /// running it, when `limit` derivations run and `queueLimit` wait already, or when the
    /// caller's task is cancelled while it waits (its place in the queue is then free at once).
    func run<Result: Sendable>(_ derive: @escaping @Sendable () -> Result) async -> Result? {
        let ticket = state.withLock { state in
            state.nextTicket += 1
            return state.nextTicket
        }
        let admitted = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let decided = state.withLock { state -> Bool? in
                    if state.running < limit {
                        state.running += 1
                        state.mostRunning = max(state.mostRunning, state.running)
                        return true
                    }
                    guard state.waiting.count < queueLimit, !Task.isCancelled else { return false }
                    state.waiting.append((ticket, continuation))
                    return nil
                }
                if let decided { continuation.resume(returning: decided) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            cancelled?.resume(returning: false)
        }
        guard admitted else { return nil }
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: derive()) }
        }
        leave()
        return result
    }

    /// A derivation has ended: its place goes to the first that waits, if any.
    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }

    /// The most derivations that ran at once so far.
    var mostRunning: Int { state.withLock { $0.mostRunning } }

    /// How many derivations wait for a place now.
    var waitingCount: Int { state.withLock { $0.waiting.count } }
}
