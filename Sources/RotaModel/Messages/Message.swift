import Foundation

/// One message on the bus: a WebSocket frame `{"kind", "message_type", "data"}` of `docs/PROTOCOL.md`.
public enum Message: Sendable, Hashable {
    /// The longest `action_info` message kept; longer ones are cut when read.
    public static let maximumInfoLength = 500

    case event(Event)
    case action(ActionMessage)
    case actionAbort(ActionMessage)
    case actionDone(ActionMessage)
    case actionError(ActionMessage, error: String)
    case actionInfo(ActionMessage, level: InfoLevel, message: String)
    /// `at` is the ISO-8601 UTC time the actor measured the progress, as it sent it.
    case actionProgress(ActionMessage, progress: ProgressReport, at: String)

    /// The message's kind.
    public var kind: MessageKind {
        switch self {
        case .event: return .event
        case .action: return .action
        case .actionAbort: return .actionAbort
        case .actionDone: return .actionDone
        case .actionError: return .actionError
        case .actionInfo: return .actionInfo
        case .actionProgress: return .actionProgress
        }
    }

    /// The message type: what happened, or which action it is about.
    public var messageType: String {
        switch self {
        case .event(let event): return event.messageType
        default: return actionMessage!.messageType
        }
    }

    /// The action part, for every kind but `event`.
    public var actionMessage: ActionMessage? {
        switch self {
        case .event: return nil
        case .action(let action), .actionAbort(let action), .actionDone(let action),
            .actionError(let action, _), .actionInfo(let action, _, _), .actionProgress(let action, _, _):
            return action
        }
    }

    /// The message's `data` as it goes on the wire.
    public var data: JSONValue {
        switch self {
        case .event(let event):
            return event.data
        case .action(let action), .actionAbort(let action), .actionDone(let action):
            return Self.data(of: action, [:])
        case .actionError(let action, let error):
            return Self.data(of: action, ["error": .string(error)])
        case .actionInfo(let action, let level, let message):
            return Self.data(of: action, ["level": .string(level.rawValue), "message": .string(message)])
        case .actionProgress(let action, let progress, let at):
            return Self.data(of: action, ["progress": progress.json, "at": .string(at)])
        }
    }

    /// The same message with `data.subscriber_id` set to `subscriberId`, as the core stamps every
    /// message that arrives on a subscriber's connection. Events get the key in their data object.
    public func stamped(subscriberId: SubscriberId) -> Message {
        switch self {
        case .event(var event):
            if case .object(var members) = event.data {
                members["subscriber_id"] = .string(subscriberId)
                event.data = .object(members)
            }
            return .event(event)
        default:
            return updatingAction { $0.reference.subscriberId = subscriberId }
        }
    }

    /// The same message with its action part changed by `update`; events are returned as they are.
    public func updatingAction(_ update: (inout ActionMessage) -> Void) -> Message {
        switch self {
        case .event:
            return self
        case .action(var action):
            update(&action)
            return .action(action)
        case .actionAbort(var action):
            update(&action)
            return .actionAbort(action)
        case .actionDone(var action):
            update(&action)
            return .actionDone(action)
        case .actionError(var action, let error):
            update(&action)
            return .actionError(action, error: error)
        case .actionInfo(var action, let level, let message):
            update(&action)
            return .actionInfo(action, level: level, message: message)
        case .actionProgress(var action, let progress, let at):
            update(&action)
            return .actionProgress(action, progress: progress, at: at)
        }
    }

    private static func data(of action: ActionMessage, _ fields: [String: JSONValue]) -> JSONValue {
        .object(action.extra.merging(action.reference.fields) { _, typed in typed }.merging(fields) { _, typed in typed })
    }
}

extension Message: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind
        case messageType = "message_type"
        case data
    }

    public init(from decoder: Decoder) throws {
        try self.init(json: try JSONValue(from: decoder))
    }

    /// Builds a message from its three wire fields, checking that `data` holds what the kind needs.
    public init(kind: MessageKind, messageType: String, data: JSONValue) throws {
        if kind == .event {
            self = .event(Event(messageType: messageType, data: data))
            return
        }
        guard let object = data.objectValue else {
            throw MessageDecodingError(kind: kind, path: "data", problem: "must be an object, not \(data.typeName)")
        }
        var fields = MessageData(object, kind: kind)
        let reference = try fields.takeActionReference()
        func action(_ fields: MessageData) -> ActionMessage {
            ActionMessage(messageType: messageType, reference: reference, extra: fields.remaining)
        }
        switch kind {
        case .event:
            preconditionFailure("events are handled above")
        case .action:
            self = .action(action(fields))
        case .actionAbort:
            self = .actionAbort(action(fields))
        case .actionDone:
            self = .actionDone(action(fields))
        case .actionError:
            let error = try fields.takeString("error")
            self = .actionError(action(fields), error: error)
        case .actionInfo:
            let levelText = try fields.takeString("level")
            guard let level = InfoLevel(rawValue: levelText) else {
                throw MessageDecodingError(kind: kind, path: "data.level", problem: "must be \"info\" or \"error\", not \"\(levelText)\"")
            }
            let message = String(try fields.takeString("message").prefix(Self.maximumInfoLength))
            self = .actionInfo(action(fields), level: level, message: message)
        case .actionProgress:
            let progress = try ProgressReport(json: try fields.takeValue("progress"), path: "data.progress")
            let at = try fields.takeString("at")
            self = .actionProgress(action(fields), progress: progress, at: at)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(messageType, forKey: .messageType)
        try container.encode(data, forKey: .data)
    }
}
