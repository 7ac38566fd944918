import ServiceLifecycle

/// Runs `service` while `body` runs, from the moment `ready` returns (at most `seconds` after
/// the start); cancels it afterwards, however `body` ends.
public func withRunning<T>(
    _ service: some Service, ready: @escaping @Sendable () async -> Void, within seconds: Double = 60, _ body: () async throws -> T
) async throws -> T {
    let running = Task { try await service.run() }
    do {
        try await within(seconds: seconds, "the service to become ready", ready)
        let result = try await body()
        running.cancel()
        _ = await running.result
        return result
    } catch {
        running.cancel()
        _ = await running.result
        throw error
    }
}

/// Waits for `operation`; fails when it takes longer than `seconds`, naming `what` it waited for.
public func within(seconds: Double, _ what: String, _ operation: @escaping @Sendable () async -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw TestFailure("waited \(seconds) s for \(what)")
        }
        defer { group.cancelAll() }
        try await group.next()
    }
}
