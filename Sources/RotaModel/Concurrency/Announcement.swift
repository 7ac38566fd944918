import Synchronization

/// A value that becomes known once, later, and that any number of tasks wait for: the port a
/// server listens on once it runs, for example.
///
/// A wait ends with `CancellationError` when the waiting task is cancelled first, so a server
/// that never comes up cannot hold up the shutdown of those waiting for it.
public final class Announcement<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value?, waiters: [Int: AsyncStream<Value>.Continuation], next: Int)>((nil, [:], 0))

    public init() {}

    /// Records the value and wakes everyone waiting for it; later calls are ignored.
    public func announce(_ value: Value) {
        let waiters = state.withLock { state -> [AsyncStream<Value>.Continuation] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.yield(value)
            waiter.finish()
        }
    }

    /// Whether the value has been announced, without waiting for it.
    public var isAnnounced: Bool {
        state.withLock { $0.value != nil }
    }

    /// The value, once announced; throws `CancellationError` when the task is cancelled first.
    /// A cancelled wait leaves nothing behind.
    public func value() async throws -> Value {
        let (stream, continuation) = AsyncStream<Value>.makeStream()
        let (known, number) = state.withLock { state in
            state.next += 1
            if state.value == nil { state.waiters[state.next] = continuation }
            return (state.value, state.next)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.waiters.removeValue(forKey: number) }
        }
        if let known { return known }
        for await value in stream { return value }
        throw CancellationError()
    }
}
