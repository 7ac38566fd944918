/// A job: one command with one trigger, optionally waiting for an event before it runs.
public struct Job: Sendable, Hashable, Identifiable {
    /// The event a triggered job waits for before it runs its command.
    public struct Wait: Sendable, Hashable {
        public var messageType: String
        public var filter: [String: JSONValue]?
        /// Seconds to wait for the event before giving up.
        public var timeout: Double

        public init(messageType: String, filter: [String: JSONValue]? = nil, timeout: Double) {
            self.messageType = messageType
            self.filter = filter
            self.timeout = timeout
        }
    }

    /// What a job's id is prefixed with to make the id of the workflow it runs as.
    public static let workflowIdPrefix = "job."

    /// The timeout of a job whose definition names none, in seconds.
    public static let defaultTimeout: Double = 3600

    public var id: String
    public var command: String
    public var trigger: Trigger
    public var wait: Wait?
    /// Seconds the command may run.
    public var timeout: Double
    /// Whether the trigger starts the job; an inactive job runs only when started by hand.
    public var active: Bool

    public init(id: String, command: String, trigger: Trigger, wait: Wait? = nil, timeout: Double = Job.defaultTimeout, active: Bool = true) {
        self.id = id
        self.command = command
        self.trigger = trigger
        self.wait = wait
        self.timeout = timeout
        self.active = active
    }

    /// The job's JSON.
    public var json: JSONValue {
        [
            "id": .string(id), "command": .string(command), "trigger": trigger.json,
            "wait": wait.map { wait in
                [
                    "message_type": .string(wait.messageType), "filter_data": wait.filter.map(JSONValue.object) ?? .null,
                    "timeout": .number(wait.timeout),
                ]
            } ?? .null,
            "timeout": .number(timeout), "active": .bool(active),
        ]
    }
}

extension Job: Definition {
    public static func read(_ value: JSONValue, with reader: inout DefinitionReader) -> Job? {
        reader.job(value)
    }
}

extension DefinitionReader {
    /// Reads a job.
    mutating func job(_ value: JSONValue, at path: String = "") -> Job? {
        let keys = ["id", "command", "trigger", "wait", "timeout", "active"]
        guard withinDefinitionSize(value, at: path), let object = object(value, at: path, keys: keys) else { return nil }
        let id = identifier(object, "id", at: path)
        let command = string(object, "command", at: path, maximumBytes: DefinitionLimits.commandBytes)
        let timeout = seconds(object, "timeout", at: path, default: Job.defaultTimeout)
        let active = bool(object, "active", at: path, default: true)
        var trigger: Trigger?
        if let triggerValue = object["trigger"] {
            trigger = self.trigger(triggerValue, at: Self.join(path, "trigger"))
        } else {
            fail(Self.join(path, "trigger"), "is required")
        }
        var wait: Job.Wait?
        if let waitValue = object["wait"], waitValue != .null {
            let waitPath = Self.join(path, "wait")
            if let waitObject = self.object(waitValue, at: waitPath, keys: ["message_type", "filter_data", "timeout"]) {
                let filter = self.filter(waitObject, "filter_data", at: waitPath)
                let waitTimeout = seconds(waitObject, "timeout", at: waitPath, default: Job.defaultTimeout)
                wait = string(waitObject, "message_type", at: waitPath, maximumBytes: DefinitionLimits.messageTypeBytes).map {
                    Job.Wait(messageType: $0, filter: filter, timeout: waitTimeout)
                }
            }
        }
        guard let id, let command, let trigger else { return nil }
        let job = Job(id: id, command: command, trigger: trigger, wait: wait, timeout: timeout, active: active)
        return withinDefinitionSize(job.json, at: path) ? job : nil
    }
}
