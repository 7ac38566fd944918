import Synchronization

/// Tells the parts of `rota up` the core's port once the core listens. Unlike waiting on the core
/// itself, waiting here ends when the waiting task is cancelled, so a core that fails to start
/// cannot hold up the shutdown of the others.
final class CorePortSignal: Sendable {
    private let state = Mutex<(port: Int?, waiters: [AsyncStream<Int>.Continuation])>((nil, []))

    /// Records the port and wakes everyone waiting for it.
    func announce(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.yield(port)
            waiter.finish()
        }
    }

    /// The port, once announced; throws `CancellationError` when the task is cancelled first.
    func port() async throws -> Int {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let known = state.withLock { state in
            if state.port == nil { state.waiters.append(continuation) }
            return state.port
        }
        if let known { return known }
        for await port in stream { return port }
        throw CancellationError()
    }
}
