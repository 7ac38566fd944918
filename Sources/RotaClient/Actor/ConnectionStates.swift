import Foundation
import Synchronization

/// The actor's current connection state, and streams of its changes for whoever watches.
final class ConnectionStates: Sendable {
    private struct State {
        var current: ActorConnectionState = .stopped
        var watchers: [UUID: AsyncStream<ActorConnectionState>.Continuation] = [:]
    }

    private let state = Mutex(State())

    var current: ActorConnectionState { state.withLock { $0.current } }

    /// Records a new state and tells every watcher.
    func update(_ new: ActorConnectionState) {
        let watchers = state.withLock { state in
            state.current = new
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.yield(new) }
    }

    /// The current state first, then every change, until the consumer stops.
    func stream() -> AsyncStream<ActorConnectionState> {
        let (stream, continuation) = AsyncStream<ActorConnectionState>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        state.withLock { state in
            state.watchers[id] = continuation
            continuation.yield(state.current)
        }
        return stream
    }
}
