import RotaModel
import Synchronization

/// Set once, when the actor is asked to shut down gracefully; everyone waiting for it wakes.
/// Waiting also ends when the waiting task is cancelled.
final class ShutdownSignal: Sendable {
    private let state = Mutex<(isSet: Bool, waiters: [AsyncStream<Never>.Continuation])>((false, []))

    /// Whether shutdown was asked for.
    var isSet: Bool { state.withLock { $0.isSet } }

    /// Asks for shutdown and wakes every waiter.
    func set() {
        let waiters = state.withLock { state in
            state.isSet = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.finish() }
    }

    /// Returns once shutdown is asked for, or the task is cancelled.
    func wait() async {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        let isSet = state.withLock { state in
            if !state.isSet { state.waiters.append(continuation) }
            return state.isSet
        }
        if isSet { return }
        for await _ in stream {}
    }

    /// Sleeps for `duration` unless shutdown is asked for first or the task is cancelled.
    func sleep(for duration: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.pause(for: duration) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
