import RotaClient
import RotaModel

/// Follows one run to its end for `rota workflows run --wait`: it reads the bus's messages as
/// they come and fetches the run's state (`GET /tasks/{id}`) whenever a message says it changed,
/// and at least every `pollInterval`, so the run's end is noticed even when the event stream
/// missed it or broke.
struct RunFollower {
    /// One thing the follower reacts to.
    private enum Input: Sendable {
        case message(Message)
        case tick
    }

    /// How often the run's state is fetched when no message says it changed.
    static let defaultPollInterval: Duration = .milliseconds(500)
    /// How often, at most, a message makes the run's state be fetched.
    static let defaultRefreshInterval: Duration = .milliseconds(200)
    /// The most inputs held while the display is busy; the oldest are dropped.
    static let inputBufferLength = 10_000

    let api: CoreAPI
    var pollInterval: Duration = defaultPollInterval
    /// Fetches caused by messages come at most this often; ticks always fetch.
    var refreshInterval: Duration = defaultRefreshInterval

    /// Shows the run's changes on `display` until it finishes; returns the watch with the outcome.
    func follow(
        _ start: RunWatch, events: AsyncThrowingStream<Message, any Error>, display: inout some RunDisplay
    ) async throws(CoreAPIError) -> RunWatch {
        var watch = start
        let (inputs, continuation) = AsyncStream<Input>.makeStream(bufferingPolicy: .bufferingNewest(Self.inputBufferLength))
        let producers = Task { [pollInterval] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await message in events { continuation.yield(.message(message)) }
                    } catch {
                        // The state is still fetched every poll interval.
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        continuation.yield(.tick)
                        try? await Task.pause(for: pollInterval)
                    }
                }
            }
        }
        defer {
            producers.cancel()
            continuation.finish()
        }
        let clock = ContinuousClock()
        var lastFetch: ContinuousClock.Instant?
        for await input in inputs {
            var fetch: Bool
            switch input {
            case .message(let message):
                let (changes, refresh) = watch.receive(message)
                if !changes.isEmpty { display.show(changes, of: watch) }
                fetch = refresh && (watch.hasEnded || lastFetch.map { clock.now - $0 >= refreshInterval } ?? true)
            case .tick:
                fetch = true
            }
            guard fetch, let taskId = watch.taskId else { continue }
            lastFetch = clock.now
            let task = try await api.get(CoreConnection.path("tasks", taskId))
            display.show(watch.receive(task: task), of: watch)
            if watch.outcome != nil {
                display.show(watch.receive(log: try await api.get(CoreConnection.path("tasks", taskId, "log"))), of: watch)
                display.finish(watch)
                return watch
            }
        }
        throw .cancelled
    }
}
