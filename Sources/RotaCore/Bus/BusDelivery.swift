import RotaModel

/// A message on its way to listeners, with its JSON text encoded once for every listener.
///
/// A reference, so that every listener's queue, and every suspended frame of a connection that
/// waits for its next delivery, holds a pointer rather than a copy of the whole message: an idle
/// connection's tasks keep the room their frames once needed for as long as they live.
public final class BusDelivery: Sendable {
    public let message: Message
    public let text: String

    init(message: Message, text: String) {
        self.message = message
        self.text = text
    }

    /// The bytes this delivery takes in a listener's queue.
    var byteCount: Int { text.utf8.count }
}

/// Identifies one listener of the bus.
public struct ListenerId: Sendable, Hashable {
    let value: Int
}
