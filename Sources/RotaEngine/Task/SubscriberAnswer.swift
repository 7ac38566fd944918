/// How a subscriber asked by a `perform_action` step answered it.
public enum SubscriberAnswer: String, Sendable, Hashable, Codable {
    /// Asked, no answer (yet): the step still waits, did not wait (`wait_for_completion: false`),
    /// or ended another way (stopped, or the subscription was removed).
    case pending
    /// Answered `action_done`.
    case done
    /// Answered `action_error`.
    case error
    /// Owed an answer when the step's deadline passed.
    case timedOut = "timed_out"
}
