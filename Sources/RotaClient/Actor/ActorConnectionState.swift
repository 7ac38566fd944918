/// Where an actor's connection to the core stands.
public enum ActorConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// Registering the subscriptions and opening the WebSocket.
    case connecting
    /// Connected: actions arrive.
    case connected
    /// The connection failed or ended for `reason`; the next try is after `retryIn`.
    case disconnected(reason: String, retryIn: Duration)
    /// `run()` has returned.
    case stopped

    public var description: String {
        switch self {
        case .connecting: return "connecting"
        case .connected: return "connected"
        case .disconnected(let reason, let retryIn): return "disconnected (\(reason)); next try in \(retryIn)"
        case .stopped: return "stopped"
        }
    }
}
