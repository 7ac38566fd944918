import RotaModel

/// The durable subscribers: they survive a restart of the core.
public protocol SubscriberStore: Sendable {
    /// Every stored subscriber.
    func subscribers() async throws -> [Subscriber]
    /// Adds or replaces a subscriber with all its subscriptions.
    func saveSubscriber(_ subscriber: Subscriber) async throws
    /// Removes a subscriber; nothing happens when it is unknown.
    func deleteSubscriber(_ id: SubscriberId) async throws
}
