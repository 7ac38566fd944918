/// The body of `PUT /workflows/{id}/schedule`: a cron expression, or null for no schedule.
public struct ScheduleRequest: APIRequest, Hashable {
    /// The schedule; nil (`null`) for none. The key must be there either way.
    public var cronExpression: String?

    public init(cronExpression: String?) {
        self.cronExpression = cronExpression
    }

    private enum CodingKeys: String, CodingKey {
        case cronExpression = "cron_expression"
    }

    public init(from decoder: Decoder) throws {
        cronExpression = try decoder.container(keyedBy: CodingKeys.self).decode(String?.self, forKey: .cronExpression)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cronExpression, forKey: .cronExpression)
    }

    public static let schemaName = "ScheduleRequest"
    public static let usage = "send {\"cron_expression\": \"0 * * * *\"}, or null for no schedule"
    public static let example = ScheduleRequest(cronExpression: "0 3 * * *")
}
