import Foundation

/// One step of a run, running or finished.
public struct StepView: APIContract, Hashable {
    /// A subscriber a `perform_action` step asked, and how it answered.
    public struct Subscriber: Codable, Sendable, Hashable {
        /// The subscriber's id.
        public var id: String
        /// `done`, `error`, `timed_out` or `pending` (no answer).
        public var answer: String

        public init(id: String, answer: String) {
            self.id = id
            self.answer = answer
        }
    }

    public var name: String
    /// `pending`, `running`, `succeeded`, `failed`, `timed_out` or `stopped`.
    public var state: String
    @Nullable public var startedAt: Date?
    @Nullable public var endedAt: Date?
    public var errors: Int
    /// Percent done, 0 to 100, to a tenth.
    public var progress: Double
    /// The subscribers a `perform_action` step asked, by id, with their answers; empty for
    /// other steps and before the step begins.
    public var subscribers: [Subscriber]
    /// How many times the step was tried: 0 before it begins, 1 unless it was retried.
    public var attempts: Int

    public init(
        name: String, state: String, startedAt: Date?, endedAt: Date?, errors: Int, progress: Double, subscribers: [Subscriber] = [],
        attempts: Int = 1
    ) {
        self.name = name
        self.state = state
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.errors = errors
        self.progress = progress
        self.subscribers = subscribers
        self.attempts = attempts
    }

    /// Whether the step is over, whichever way it ended.
    public var hasEnded: Bool { !["pending", "running"].contains(state) }

    private enum CodingKeys: String, CodingKey {
        case name, state, errors, progress, subscribers, attempts
        case startedAt = "started_at"
        case endedAt = "ended_at"
    }

    /// Reads a step; one from a core that does not show subscribers has none, and one from a core
    /// without retries was tried once if it began.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        state = try container.decode(String.self, forKey: .state)
        _startedAt = try container.decode(Nullable<Date>.self, forKey: .startedAt)
        _endedAt = try container.decode(Nullable<Date>.self, forKey: .endedAt)
        errors = try container.decode(Int.self, forKey: .errors)
        progress = try container.decode(Double.self, forKey: .progress)
        subscribers = try container.decodeIfPresent([Subscriber].self, forKey: .subscribers) ?? []
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? (_startedAt.wrappedValue == nil ? 0 : 1)
    }

    public static let schemaName = "Step"
    public static let example = StepView(
        name: "collect", state: "succeeded", startedAt: ExampleTime.date, endedAt: ExampleTime.date, errors: 0, progress: 100,
        subscribers: [Subscriber(id: "worker-1", answer: "done")], attempts: 1)
}
