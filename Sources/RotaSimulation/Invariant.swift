/// The promises the simulator checks after every step of a scenario and at its end.
public enum Invariant: String, Sendable, Hashable, CaseIterable {
    /// Every run ends exactly once: one history entry per task id, and no run both finished and running.
    case runEndsOnce = "every run ends exactly once"
    /// A blocking subscriber's answer counts once: a duplicate or an answer not waited for moves no step.
    case answerCountsOnce = "each blocking subscriber's answer counts once"
    /// A connected subscriber has been sent the action of every step that waits for it.
    case noActionLost = "no action is lost for a subscriber that reconnects"
    /// A message a transition publishes is in the store's outbox when it is published.
    case publishedOnlyStored = "nothing is published that was not stored"
    /// Each cron trigger fires as its schedule and the missed-fire policy say, and its fire is stored.
    case cronFires = "no cron fire is lost or doubled"
    /// A run the core said it started or queued ends in the history.
    case queuedRunKept = "no queued run is lost"
    /// Once everything is stored, the store holds exactly the runs the core holds, in their state.
    case stateStored = "what the core holds is what it stored"
    /// Driven to quiescence, every run has finished.
    case quiescence = "every run finishes once nothing is withheld"
}

/// An invariant a scenario broke, and how.
public struct InvariantViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public let invariant: Invariant
    public let detail: String

    public init(_ invariant: Invariant, _ detail: String) {
        self.invariant = invariant
        self.detail = detail
    }

    public var description: String { "broken invariant: \(invariant.rawValue): \(detail)" }
}
