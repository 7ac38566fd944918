/// An actor known to the core by id, with the message types it subscribed to.
public struct Subscriber: Sendable, Hashable, Codable, Identifiable {
    public var id: SubscriberId
    /// The subscriptions by message type.
    public var subscriptions: [String: Subscription]

    public init(id: SubscriberId, subscriptions: [String: Subscription] = [:]) {
        self.id = id
        self.subscriptions = subscriptions
    }

    public init(id: SubscriberId, subscriptions: [Subscription]) {
        self.init(id: id, subscriptions: Dictionary(subscriptions.map { ($0.messageType, $0) }, uniquingKeysWith: { _, last in last }))
    }
}
