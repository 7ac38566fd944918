import RotaModel
import Synchronization

/// Waits for `operation` at most `seconds`; throws a failure naming `what` it waited for when the
/// time runs out.
///
/// The operation runs in a task of its own, which is cancelled when the time runs out and then
/// left behind rather than awaited: an operation that ignores cancellation (waiting on another
/// task's value, a close that is never answered) fails the test instead of holding it, and with
/// it the whole suite, forever.
public func within<T: Sendable>(
    seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let finish: @Sendable (Result<T, any Error>) -> Void = { result in
        outcome.withLock { $0.take() }?.resume(with: result)
    }
    let work = Mutex<Task<Void, Never>?>(nil)
    let deadline = Mutex<Task<Void, Never>?>(nil)
    defer { deadline.withLock { $0 }?.cancel() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let running = Task {
                do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
            }
            work.withLock { $0 = running }
            deadline.withLock {
                $0 = Task {
                    try? await Task.pause(for: .milliseconds(Int(seconds * 1000)))
                    guard !Task.isCancelled else { return }
                    running.cancel()
                    finish(.failure(TestFailure("waited \(seconds) s for \(what)")))
                }
            }
        }
    } onCancel: {
        work.withLock { $0 }?.cancel()
    }
}
