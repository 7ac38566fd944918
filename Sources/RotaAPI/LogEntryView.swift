import Foundation

/// One entry of a run's log, as `GET /tasks/{task_id}/log` lists it.
public struct LogEntryView: APIContract, Hashable {
    public var at: Date
    /// `info` or `error`.
    public var level: String
    @Nullable public var step: String?
    @Nullable public var subscriberId: String?
    public var message: String

    public init(at: Date, level: String, step: String?, subscriberId: String?, message: String) {
        self.at = at
        self.level = level
        self.step = step
        self.subscriberId = subscriberId
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case at, level, step, message
        case subscriberId = "subscriber_id"
    }

    public static let schemaName = "LogEntry"
    public static let example = LogEntryView(at: ExampleTime.date, level: "error", step: "collect", subscriberId: "worker-2", message: "aws: access denied")
}
