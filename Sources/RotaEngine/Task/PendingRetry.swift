import Foundation
import RotaModel

/// The next attempt of a step whose attempt failed, waiting out its backoff. It is part of the
/// run's stored state, so a restarted core begins the attempt when it falls due.
public struct PendingRetry: Sendable, Hashable, Codable {
    /// When the next attempt begins.
    public var due: Date
    /// The blocking subscribers the next attempt asks again: those that answered `action_error`
    /// or did not answer. Empty for an `execute_command` step. Sorted, so that equal states store
    /// equal bytes.
    public var subscribers: [SubscriberId]

    public init(due: Date, subscribers: [SubscriberId]) {
        self.due = due
        self.subscribers = subscribers
    }
}
