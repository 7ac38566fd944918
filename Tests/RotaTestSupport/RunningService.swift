import ServiceLifecycle
import Testing

/// Runs `service` while `body` runs, from the moment `ready` returns (at most `seconds` after
/// the start); cancels it afterwards, however `body` ends.
public func withRunning<T>(
    _ service: some Service, ready: @escaping @Sendable () async -> Void, within seconds: Double = patience, _ body: () async throws -> T
) async throws -> T {
    let running = Task { try await service.run() }
    do {
        try await within(seconds: seconds, "the service to become ready", ready)
        let result = try await body()
        await stop(running)
        return result
    } catch {
        await stop(running)
        throw error
    }
}

/// Cancels the service and waits until it has ended; one that has not ended a minute later fails
/// the test.
private func stop(_ running: Task<Void, any Error>) async {
    running.cancel()
    do {
        _ = try await within(seconds: patience, "the service to stop") { await running.result }
    } catch {
        Issue.record("\(error)")
    }
}
