import HTTPTypes
import Logging
import WSCore

/// What the core decides about a WebSocket upgrade request.
enum WebSocketUpgrade: Sendable {
    /// Upgrade, and serve the connection with this handler. `release` gives back what deciding
    /// reserved (an actor's one connection) when the connection ends before the handler runs;
    /// once it runs, the handler gives it back itself.
    case accept(WebSocketDataHandler<WebSocketSession>, release: @Sendable () async -> Void = {})
    /// Refuse with this status and JSON error body (404 unknown subscriber, 429 connected already, 401 bad token).
    case refuse(APIError)
    /// Not a WebSocket path: refuse with 404.
    case notFound
}

/// What a WebSocket handler knows about its connection.
struct WebSocketSession: WebSocketContext {
    let logger: Logger
}
