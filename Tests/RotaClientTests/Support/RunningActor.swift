import Logging
import RotaClient
import RotaModel
import RotaTestSupport

/// Test actors: made for a test core, run for the length of a test body.
extension TestCore {
    /// An actor of this core that reconnects quickly; `psk` overrides the core's key, and `logger`
    /// (a `LogRecorder`'s, say) receives what the actor logs.
    func sdkActor(
        _ id: SubscriberId, maxConcurrentActions: Int = 5, reconnect: ReconnectPolicy = .quick, psk: String?? = nil,
        logger: Logger = testLogger("rota.test.actor")
    ) -> RotaActor {
        var connection = self.connection
        if let psk { connection.psk = psk }
        return RotaActor(
            id: id, connection: connection, maxConcurrentActions: maxConcurrentActions, reconnect: reconnect,
            shutdownGrace: .seconds(5), logger: logger)
    }
}

extension ReconnectPolicy {
    /// 50 ms doubling to 500 ms: a test need not wait long for a reconnect.
    static let quick = ReconnectPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(500))
}

/// Runs `actor` while `body` runs (once it is connected), then cancels it.
func withRunning<T>(_ actor: RotaActor, _ body: () async throws -> T) async throws -> T {
    try await withRunning(actor, ready: { await actor.waitUntilConnected() }, within: patience, body)
}

/// Waits until `actor` is connected; fails after `seconds`.
func waitUntilConnected(_ actor: RotaActor, within seconds: Double = patience) async throws {
    try await within(seconds: seconds, "\(actor.id) to connect") { await actor.waitUntilConnected() }
}
