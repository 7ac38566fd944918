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

    /// Shuts the core down gracefully and waits until `running`, the task that runs it, has ended;
    /// a core that ends with an error, or has not stopped within `stopLimit`, fails the test.
    func stop(_ running: Task<Void, any Error>) async {
        do {
            try await within(seconds: Self.stopLimit, "the core to stop after its shutdown") {
                await self.shutDown()
                try await running.value
            }
        } catch {
            Issue.record("the core did not stop cleanly: \(error)")
        }
    }

    /// How long a core may take to stop before the test fails instead of waiting on.
    static let stopLimit: Double = 120
}
