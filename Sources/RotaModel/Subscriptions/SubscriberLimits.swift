/// How large a subscriber may be: far above what any actor needs, so that no client can make the
/// core hold or route without bound.
public enum SubscriberLimits {
    /// The longest subscriber id, in UTF-8 bytes.
    public static let idBytes = 256
    /// The longest message type of a subscription, in UTF-8 bytes: the longest a step's action
    /// may have, so every subscribable type fits.
    public static let messageTypeBytes = DefinitionLimits.messageTypeBytes
    /// The most subscriptions one subscriber may have.
    public static let subscriptions = 1_000
    /// The most subscribers the core keeps unless told otherwise (`max_subscribers`).
    public static let subscribers = 100_000

    /// What is wrong with `id` as a subscriber id, if anything.
    public static func problem(withId id: String) -> String? {
        if id.isEmpty { return "a subscriber id must not be empty" }
        if id.utf8.count > idBytes { return "a subscriber id may have at most \(idBytes) bytes, not \(id.utf8.count)" }
        if id.utf8.contains(0) { return "a subscriber id must not hold the NUL character (U+0000)" }
        return nil
    }

    /// What is wrong with `messageType` as the message type of a subscription, if anything.
    public static func problem(withMessageType messageType: String) -> String? {
        if messageType.isEmpty { return "message_type is required" }
        if messageType.utf8.count > messageTypeBytes {
            return "a message type may have at most \(messageTypeBytes) bytes, not \(messageType.utf8.count)"
        }
        return nil
    }
}
