import Foundation
import RotaModel

/// A job as the API shows it: its definition (docs/WORKFLOWS.md), its version and when its
/// trigger runs it next.
public struct JobView: APIContract, Hashable {
    /// The event a job waits for before it runs its command.
    public struct Wait: Codable, Sendable, Hashable {
        public var messageType: String
        @Nullable public var filterData: [String: JSONValue]?
        /// Seconds to wait for the event.
        public var timeout: Double

        public init(messageType: String, filterData: [String: JSONValue]?, timeout: Double) {
            self.messageType = messageType
            self.filterData = filterData
            self.timeout = timeout
        }

        private enum CodingKeys: String, CodingKey {
            case timeout
            case messageType = "message_type"
            case filterData = "filter_data"
        }
    }

    public var id: String
    public var command: String
    /// A cron trigger (`cron_expression`) or an event trigger (`message_type`, `filter_data`).
    public var trigger: JSONValue
    @Nullable public var wait: Wait?
    /// Seconds the command may run.
    public var timeout: Double
    /// Whether the trigger starts the job.
    public var active: Bool
    public var version: Int
    @Nullable public var scheduledNext: Date?

    public init(id: String, command: String, trigger: JSONValue, wait: Wait?, timeout: Double, active: Bool, version: Int, scheduledNext: Date?) {
        self.id = id
        self.command = command
        self.trigger = trigger
        self.wait = wait
        self.timeout = timeout
        self.active = active
        self.version = version
        self.scheduledNext = scheduledNext
    }

    /// The definition alone, as `PUT /jobs/{id}` takes it.
    public var definition: JSONValue {
        get throws {
            var tree = try APICoding.tree(of: self).objectValue ?? [:]
            tree.removeValue(forKey: CodingKeys.version.rawValue)
            tree.removeValue(forKey: CodingKeys.scheduledNext.rawValue)
            return .object(tree)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, command, trigger, wait, timeout, active, version
        case scheduledNext = "scheduled_next"
    }

    public static let schemaName = "Job"
    public static let example = JobView(
        id: "nightly", command: "http post https://hooks.example.com/nightly", trigger: ["message_type": "collected", "filter_data": ["cloud": "aws"]],
        wait: Wait(messageType: "cleaned", filterData: ["cloud": "aws"], timeout: 600), timeout: 3600, active: true, version: 2,
        scheduledNext: ExampleTime.date)
}
