/// What starts a workflow (or a job): a cron schedule, or an event of a type whose data matches a filter.
public enum Trigger: Sendable, Hashable {
    /// `{"cron_expression": "0 * * * *"}`
    case cron(CronExpression)
    /// `{"message_type": M, "filter_data": {...} | null}`; a nil filter matches every event of the type.
    case event(messageType: String, filter: [String: JSONValue]?)

    /// The trigger's JSON as in `docs/PROTOCOL.md`.
    public var json: JSONValue {
        switch self {
        case .cron(let expression):
            return ["cron_expression": .string(expression.source)]
        case .event(let messageType, let filter):
            return ["message_type": .string(messageType), "filter_data": filter.map(JSONValue.object) ?? .null]
        }
    }
}

extension DefinitionReader {
    /// Reads a trigger, checking that a cron expression is valid and can ever fire.
    mutating func trigger(_ value: JSONValue, at path: String) -> Trigger? {
        guard let object = object(value, at: path, keys: ["cron_expression", "message_type", "filter_data"]) else { return nil }
        switch (object["cron_expression"], object["message_type"]) {
        case (_?, nil):
            if object["filter_data"] != nil {
                fail(Self.join(path, "filter_data"), "is only allowed with message_type")
            }
            guard let text = string(object, "cron_expression", at: path, maximumBytes: DefinitionLimits.cronExpressionBytes) else { return nil }
            let fieldPath = Self.join(path, "cron_expression")
            do {
                let expression = try CronExpression(parsing: text)
                guard expression.isSatisfiable else {
                    fail(fieldPath, "\"\(text)\" never fires: no month has such a day")
                    return nil
                }
                return .cron(expression)
            } catch {
                fail(fieldPath, "\(error)")
                return nil
            }
        case (nil, _?):
            let filter = self.filter(object, "filter_data", at: path)
            return string(object, "message_type", at: path, maximumBytes: DefinitionLimits.messageTypeBytes).map { .event(messageType: $0, filter: filter) }
        case (nil, nil):
            fail(path, "needs cron_expression (a schedule) or message_type (an event)")
            return nil
        case (_?, _?):
            fail(path, "has both cron_expression and message_type; use two triggers")
            return nil
        }
    }
}
