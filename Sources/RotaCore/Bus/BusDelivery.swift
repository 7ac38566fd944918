import RotaModel

/// A message on its way to a listener, with its JSON text encoded once for every listener.
public struct BusDelivery: Sendable {
    public let message: Message
    public let text: String
}

/// Identifies one listener of the bus.
public struct ListenerId: Sendable, Hashable {
    let value: Int
}
