import Foundation
import RotaModel

/// The state of one step of a run, kept for every step from the start, and as history at the end.
public struct StepRecord: Sendable, Hashable, Codable {
    /// Where a step stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// Not begun yet.
        case pending
        /// Begun, not finished.
        case running
        /// Finished; `errors` tells whether actors reported errors along the way.
        case succeeded
        /// An error under `Stop` ended the run here.
        case failed
        /// The deadline passed before every blocking subscriber answered.
        case timedOut = "timed_out"
        /// The run was stopped during this step.
        case stopped
    }

    public var name: String
    public var state: State
    public var startedAt: Date?
    public var endedAt: Date?
    /// Errors reported during the step (`action_error`, `action_info` at level error, a failed command).
    public var errors: Int
    /// The subscribers a `perform_action` step asked, with how each answered; empty for other
    /// steps and before the step begins. After a retry, a subscriber's latest answer.
    public var subscribers: [SubscriberId: SubscriberAnswer]
    /// How many times the step was tried: 0 before it begins, 1 for its first attempt.
    public var attempts: Int

    public init(
        name: String, state: State = .pending, startedAt: Date? = nil, endedAt: Date? = nil, errors: Int = 0,
        subscribers: [SubscriberId: SubscriberAnswer] = [:], attempts: Int = 0
    ) {
        self.name = name
        self.state = state
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.errors = errors
        self.subscribers = subscribers
        self.attempts = attempts
    }

    /// Seconds from the step's start to its end; 0 while it has not ended.
    public var duration: Double {
        guard let startedAt, let endedAt else { return 0 }
        return endedAt.timeIntervalSince(startedAt)
    }

    private enum CodingKeys: String, CodingKey {
        case name, state, startedAt, endedAt, errors, subscribers, attempts
    }

    /// Reads a record; one stored by a Rota before subscribers' answers were kept has none, and
    /// one stored before retries was tried once if it began.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        state = try container.decode(State.self, forKey: .state)
        startedAt = try container.decodeIfPresent(Date.self, forKey: .startedAt)
        endedAt = try container.decodeIfPresent(Date.self, forKey: .endedAt)
        errors = try container.decode(Int.self, forKey: .errors)
        subscribers = try container.decodeIfPresent([SubscriberId: SubscriberAnswer].self, forKey: .subscribers) ?? [:]
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? (startedAt == nil ? 0 : 1)
    }
}
