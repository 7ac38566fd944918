/// What a step does when an actor answers with `action_error`, or when the step times out.
public enum ErrorPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Count the error as the answer (or the timeout as the step's end) and go on.
    case `continue` = "Continue"
    /// End the run as failed.
    case stop = "Stop"
}

/// What happens when a workflow is triggered while a run of it is still active.
public enum SurpassPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Drop the new run.
    case skip = "Skip"
    /// Start the new run once the active one ends; at most one run waits.
    case wait = "Wait"
    /// Stop the active run and start the new one.
    case replace = "Replace"
    /// Run both.
    case parallel = "Parallel"
}
