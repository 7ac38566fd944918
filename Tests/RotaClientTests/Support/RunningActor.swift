import Logging
import RotaClient
import RotaModel
import RotaTestSupport

/// Test actors: made for a test core, run for the length of a test body.
extension TestCore {
    /// An actor of this core that reconnects quickly; `psk` overrides the core's key.
    func sdkActor(
        _ id: SubscriberId, maxConcurrentActions: Int = 5, reconnect: ReconnectPolicy = .quick, psk: String?? = nil
    ) -> RotaActor {
        var connection = self.connection
        if let psk { connection.psk = psk }
        return RotaActor(
            id: id, connection: connection, maxConcurrentActions: maxConcurrentActions, reconnect: reconnect,
            shutdownGrace: .seconds(5), logger: testLogger("rota.test.actor"))
    }
}

extension ReconnectPolicy {
    /// 50 ms doubling to 500 ms: a test need not wait long for a reconnect.
    static let quick = ReconnectPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(500))
}

/// Runs `actor` while `body` runs (once it is connected), then cancels it.
func withRunning<T>(_ actor: RotaActor, _ body: () async throws -> T) async throws -> T {
    let running = Task { try await actor.run() }
    do {
        try await waitUntilConnected(actor)
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

/// Waits until `actor` is connected; fails after `seconds`.
func waitUntilConnected(_ actor: RotaActor, within seconds: Double = 10) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await actor.waitUntilConnected() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw TestFailure("\(actor.id) did not connect within \(seconds) s; it is \(actor.state)")
        }
        defer { group.cancelAll() }
        try await group.next()
    }
}
