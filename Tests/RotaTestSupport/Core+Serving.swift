import RotaCore
import Testing

extension Core {
    /// Runs `body` with the port this core listens on, while the core serves; then shuts the core
    /// down gracefully and waits until it has stopped, however `body` ends. For tests that open a
    /// core of their own (a clock, a logger or settings of their choosing); a core that ends with
    /// an error fails the test.
    @discardableResult
    public func serving<T>(_ body: (_ port: Int) async throws -> T) async throws -> T {
        let running = Task { try await run() }
        do {
            let result = try await body(try await port())
            await stop(running)
            return result
        } catch {
            await stop(running)
            throw error
        }
    }

    private func stop(_ running: Task<Void, any Error>) async {
        await shutDown()
        if case .failure(let error) = await running.result {
            Issue.record("the core ended with an error: \(error)")
        }
    }
}
