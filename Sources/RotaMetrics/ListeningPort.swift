import Synchronization

/// The port the metrics server listens on, announced once it runs, to whoever waits for it.
final class ListeningPort: Sendable {
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

    /// The port, once announced; throws `CancellationError` when the task is cancelled first
    /// (a server that cannot listen never announces one).
    func value() async throws -> Int {
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
