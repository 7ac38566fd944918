import HummingbirdWSClient
import RotaModel

extension CoreAPI {
    /// Publishes `event` on the core's bus, as if something had happened: it starts the workflows
    /// and jobs it triggers and ends the `wait_for_event` steps it matches. The event travels over
    /// the `/events` WebSocket, which is closed after it; when this returns, the core has handled it.
    public func emit(_ event: Event) async throws(CoreAPIError) {
        let configuration = await webSocketConfiguration()
        try await onLeader { core throws(CoreAPIError) in
            let url = connection.at(core).webSocketURL("/events", query: [("show", "message_refused")])
            do {
                let tls = try webSocketTLS(for: core)
                _ = try await WebSocketClient.connect(url: url, configuration: configuration, tlsConfiguration: tls, logger: logger) { _, outbound, _ in
                    try await outbound.write(.text(Message.event(event).jsonText))
                    try await outbound.close(.normalClosure, reason: "event sent")
                }
            } catch {
                throw await webSocketFailure(error, path: "/events", probe: "/subscribers", at: core)
            }
        }
    }
}
