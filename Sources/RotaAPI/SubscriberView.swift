import Foundation
import RotaModel

/// One subscriber as `GET /subscribers` answers it: the subscriber with its subscriptions, as
/// the actor protocol writes it, and whether it is connected now and since when.
public struct SubscriberView: APIContract, Hashable {
    public var subscriber: Subscriber
    /// Whether the actor holds its WebSocket now.
    public var connected: Bool
    /// Since when it has been connected, or without a connection: for one that has not connected
    /// since the core started, since the core started.
    @Nullable public var since: Date?

    public init(subscriber: Subscriber, connected: Bool, since: Date?) {
        self.subscriber = subscriber
        self.connected = connected
        self.since = since
    }

    private enum CodingKeys: String, CodingKey {
        case connected, since
    }

    public init(from decoder: Decoder) throws {
        subscriber = try Subscriber(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connected = try container.decode(Bool.self, forKey: .connected)
        since = try container.decodeIfPresent(Date.self, forKey: .since)
    }

    public func encode(to encoder: Encoder) throws {
        try subscriber.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(connected, forKey: .connected)
        try container.encode(since, forKey: .since)
    }

    public static let schemaName = "SubscriberView"
    public static let example = SubscriberView(
        subscriber: Subscriber(id: "worker", subscriptions: [Subscription(messageType: "collect")]), connected: true, since: ExampleTime.date)
}
