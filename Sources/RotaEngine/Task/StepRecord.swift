import Foundation

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

    public init(name: String, state: State = .pending, startedAt: Date? = nil, endedAt: Date? = nil, errors: Int = 0) {
        self.name = name
        self.state = state
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.errors = errors
    }
}
