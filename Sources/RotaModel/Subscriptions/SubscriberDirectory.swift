/// Every subscriber, indexed by message type: what a step needs to know when it begins.
/// A value type, so a running task can be handed the directory as it is at that moment.
public struct SubscriberDirectory: Sendable, Hashable {
    /// The subscribers by id.
    public private(set) var subscribers: [SubscriberId: Subscriber] = [:]
    private var byMessageType: [String: [SubscriberId: Subscription]] = [:]

    public init(_ subscribers: [Subscriber] = []) {
        for subscriber in subscribers { update(subscriber) }
    }

    /// Adds or replaces a subscriber with all its subscriptions.
    public mutating func update(_ subscriber: Subscriber) {
        remove(subscriber.id)
        subscribers[subscriber.id] = subscriber
        for (messageType, subscription) in subscriber.subscriptions {
            byMessageType[messageType, default: [:]][subscriber.id] = subscription
        }
    }

    /// Removes a subscriber; returns it if it was known.
    @discardableResult
    public mutating func remove(_ id: SubscriberId) -> Subscriber? {
        guard let subscriber = subscribers.removeValue(forKey: id) else { return nil }
        for messageType in subscriber.subscriptions.keys {
            byMessageType[messageType]?.removeValue(forKey: id)
            if byMessageType[messageType]?.isEmpty == true { byMessageType.removeValue(forKey: messageType) }
        }
        return subscriber
    }

    /// The subscriptions to `messageType`, by subscriber id.
    public func subscriptions(to messageType: String) -> [SubscriberId: Subscription] {
        byMessageType[messageType] ?? [:]
    }
}
