import RotaClient
import RotaModel

extension CoreAPI {
    /// Emits `messageType` events every 200 ms while `body` runs, and returns what it returns: an
    /// events WebSocket may not listen yet when the first is emitted, so a test that waits for
    /// one through it emits until it arrives.
    public func emitting<Result>(_ messageType: String, while body: () async throws -> Result) async throws -> Result {
        let emitter = Task {
            while !Task.isCancelled {
                try await emit(Event(messageType: messageType))
                try await Task.pause(for: .milliseconds(200))
            }
        }
        do {
            let result = try await body()
            emitter.cancel()
            _ = await emitter.result
            return result
        } catch {
            emitter.cancel()
            _ = await emitter.result
            throw error
        }
    }
}
