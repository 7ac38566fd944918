import RotaModel

/// Whether an actor may open its connection now.
public enum ConnectionAdmission: Sendable, Hashable {
    /// Yes; the connection is reserved for it until `SubscriptionRegistry.disconnected` is called.
    case admitted(Subscriber)
    /// The core knows no subscriber with this id.
    case unknown
    /// The subscriber has no subscriptions, so there is nothing to send it.
    case noSubscriptions
    /// The subscriber is connected already.
    case alreadyConnected
}
