import RotaModel

/// A message on its way to a listener, with its JSON text encoded once for every listener.
public struct BusDelivery: Sendable {
    public let message: Message
    public let text: String

    /// The bytes this delivery takes in a listener's queue.
    var byteCount: Int { text.utf8.count }
}

/// Identifies one listener of the bus.
public struct ListenerId: Sendable, Hashable {
    let value: Int
}
