import Synchronization

/// Holds whoever waits until the test opens it; once open, it stays open. Waiting throws
/// `CancellationError` when the waiting task is cancelled first, as real work would.
public final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [AsyncStream<Never>.Continuation])>((false, []))

    public init() {}

    public func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.finish() }
    }

    public func wait() async throws {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        let isOpen = state.withLock { state in
            if !state.isOpen { state.waiters.append(continuation) }
            return state.isOpen
        }
        if !isOpen {
            for await _ in stream {}
        }
        try Task.checkCancellation()
    }
}
