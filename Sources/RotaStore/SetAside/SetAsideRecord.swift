import Foundation

/// A stored record this version of Rota cannot read: a run, a definition, a subscriber, a
/// history entry, an audit entry, an unpublished message, a queued run or a configuration. It is set aside rather than stopping the core: kept in the
/// database as it was (with a copy of its bytes that a later save under the same id never
/// touches), left out of what the core serves, and listed with the reason.
public struct SetAsideRecord: Sendable, Hashable {
    /// What the record is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case run, workflow, job, subscriber, history, audit, outbox, queued, config
    }

    public var kind: Kind
    /// The record's id in its table: the run's, the definition's or the subscriber's.
    public var id: String
    /// Why it cannot be read.
    public var reason: String
    /// When it was first found unreadable.
    public var since: Date

    public init(kind: Kind, id: String, reason: String, since: Date) {
        self.kind = kind
        self.id = id
        self.reason = reason
        self.since = since
    }
}
