/// What a step does.
public enum StepAction: Sendable, Hashable {
    /// Publish `action` of this message type to its subscribers and wait for the blocking ones.
    /// `data` goes into every action the step sends, beside the keys Rota sets itself (which it
    /// never overrides): a scope such as a cleanup's `filter`.
    case performAction(messageType: String, data: [String: JSONValue] = [:])
    /// Wait for an event of this type whose data holds every key and value of `filter`.
    case waitForEvent(messageType: String, filter: [String: JSONValue])
    /// Publish this event and go on.
    case emitEvent(Event)
    /// Run this command and go on when it finishes.
    case executeCommand(String)

    /// Whether a step doing this may have a `retry` policy: one that performs an action or runs a command.
    public var canBeRetried: Bool {
        switch self {
        case .performAction, .executeCommand: return true
        case .waitForEvent, .emitEvent: return false
        }
    }

    /// The action's JSON as in `docs/PROTOCOL.md`.
    public var json: JSONValue {
        switch self {
        case .performAction(let messageType, let data):
            return data.isEmpty ? ["message_type": .string(messageType)] : ["message_type": .string(messageType), "data": .object(data)]
        case .waitForEvent(let messageType, let filter):
            return ["wait_for_message_type": .string(messageType), "filter_data": .object(filter)]
        case .emitEvent(let event):
            return ["event": ["kind": "event", "message_type": .string(event.messageType), "data": event.data]]
        case .executeCommand(let command):
            return ["command": .string(command)]
        }
    }
}

extension DefinitionReader {
    /// Reads a step action: exactly one of `message_type`, `wait_for_message_type`, `event`, `command`.
    mutating func stepAction(_ value: JSONValue, at path: String) -> StepAction? {
        let keys = ["message_type", "data", "wait_for_message_type", "filter_data", "event", "command"]
        guard let object = object(value, at: path, keys: keys) else { return nil }
        let kinds = ["message_type", "wait_for_message_type", "event", "command"].filter { object[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            fail(path, kinds.isEmpty
                ? "needs one of message_type (perform action), wait_for_message_type (wait for event), event (emit event) or command (execute command)"
                : "has \(kinds.joined(separator: " and ")); a step does exactly one thing")
            return nil
        }
        if object["filter_data"] != nil && kind != "wait_for_message_type" {
            fail(Self.join(path, "filter_data"), "is only allowed with wait_for_message_type")
        }
        if object["data"] != nil && kind != "message_type" {
            fail(Self.join(path, "data"), "is only allowed with message_type; an emitted event carries its data in event.data")
        }
        let messageTypeBytes = DefinitionLimits.messageTypeBytes
        switch kind {
        case "message_type":
            let data = actionData(object["data"], at: Self.join(path, "data"))
            return string(object, kind, at: path, maximumBytes: messageTypeBytes).flatMap { messageType in
                data.map { .performAction(messageType: messageType, data: $0) }
            }
        case "wait_for_message_type":
            let filter = self.filter(object, "filter_data", at: path) ?? [:]
            return string(object, kind, at: path, maximumBytes: messageTypeBytes).map { .waitForEvent(messageType: $0, filter: filter) }
        case "event":
            return event(object["event"]!, at: Self.join(path, "event")).map { .emitEvent($0) }
        default:
            return string(object, kind, at: path, maximumBytes: DefinitionLimits.commandBytes).map { .executeCommand($0) }
        }
    }

    /// Reads the data a `perform_action` step adds to its actions: an object within
    /// `DefinitionLimits.actionDataBytes`, without the keys Rota sets itself.
    private mutating func actionData(_ value: JSONValue?, at path: String) -> [String: JSONValue]? {
        switch value {
        case nil, .null?:
            return [:]
        case .object(let members)?:
            guard withinLimits(.object(members), at: path, maximumBytes: DefinitionLimits.actionDataBytes) else { return nil }
            let reserved = ActionMessage.reservedDataKeys.filter { members[$0] != nil }.sorted()
            guard reserved.isEmpty else {
                fail(Self.join(path, reserved[0]), "is set by Rota in every action and cannot be given here")
                return nil
            }
            return members
        case let other?:
            fail(path, "must be an object, not \(other.typeName)")
            return nil
        }
    }

    /// Reads an event to emit: `{"kind": "event", "message_type": E, "data": {...}}`, `kind` optional.
    private mutating func event(_ value: JSONValue, at path: String) -> Event? {
        guard let object = object(value, at: path, keys: ["kind", "message_type", "data"]) else { return nil }
        if let kind = object["kind"], kind != "event" {
            fail(Self.join(path, "kind"), "must be \"event\"")
        }
        let data = object["data"] ?? [:]
        let dataFits = withinLimits(data, at: Self.join(path, "data"), maximumBytes: DefinitionLimits.eventDataBytes)
        guard let messageType = string(object, "message_type", at: path, maximumBytes: DefinitionLimits.messageTypeBytes), dataFits else { return nil }
        return Event(messageType: messageType, data: data)
    }
}
