import RotaModel

/// Event triggers indexed by message type, so an event finds the triggers it fires without a
/// scan of all of them.
public struct EventTriggers<Key: Hashable & Sendable>: Sendable {
    private var byMessageType: [String: [Key: [String: JSONValue]?]] = [:]
    private var messageTypeOfKey: [Key: String] = [:]

    public init() {}

    /// Adds or replaces the trigger `key`: events of `messageType` whose data hold `filter`.
    public mutating func register(_ key: Key, messageType: String, filter: [String: JSONValue]?) {
        unregister(key)
        byMessageType[messageType, default: [:]][key] = .some(filter)
        messageTypeOfKey[key] = messageType
    }

    /// Removes the trigger `key`.
    public mutating func unregister(_ key: Key) {
        guard let messageType = messageTypeOfKey.removeValue(forKey: key) else { return }
        byMessageType[messageType]?.removeValue(forKey: key)
        if byMessageType[messageType]?.isEmpty == true { byMessageType.removeValue(forKey: messageType) }
    }

    /// The triggers `event` fires.
    public func fired(by event: Event) -> [Key] {
        guard let triggers = byMessageType[event.messageType] else { return [] }
        return triggers.compactMap { key, filter in
            guard let filter else { return key }
            return event.data.contains(.object(filter)) ? key : nil
        }
    }
}
