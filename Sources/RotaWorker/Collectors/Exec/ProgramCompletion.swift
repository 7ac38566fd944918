import RotaModel
import Synchronization

/// How one run of a program ended, as its runner waits for it: the program exited and closed its
/// output, or time ran out, or it printed a line longer than the limit, or the waiting task was
/// cancelled. The first of these decides.
final class ProgramCompletion: Sendable {
    enum Ending: Sendable, Hashable {
        case finished
        case timedOut
        case cancelled
        case lineTooLong(LineSplitter.LineTooLong, standardError: Bool)
    }

    private struct State {
        var remaining: Int
        var ending: Ending?
        var waiter: CheckedContinuation<Ending, Never>?
    }

    private let state: Mutex<State>

    /// A completion that is finished once `events` events have happened (exit, end of standard
    /// output, end of standard error).
    init(events: Int) {
        state = Mutex(State(remaining: events))
    }

    /// Whether the run still counts: output that comes after any other ending is dropped.
    var isOpen: Bool { state.withLock { $0.ending == nil || $0.ending == .finished } }

    /// One of the awaited events happened.
    func eventHappened() {
        let last = state.withLock { state in
            state.remaining -= 1
            return state.remaining == 0
        }
        if last { end(.finished) }
    }

    /// Ends the wait, unless it has ended already.
    func end(_ ending: Ending) {
        let waiter = state.withLock { state -> CheckedContinuation<Ending, Never>? in
            guard state.ending == nil else { return nil }
            state.ending = ending
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: ending)
    }

    /// Waits until the run has ended and tells how.
    func wait() async -> Ending {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> Ending? in
                if state.ending == nil { state.waiter = continuation }
                return state.ending
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }
}
