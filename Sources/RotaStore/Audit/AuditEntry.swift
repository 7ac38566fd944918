import Foundation
import RotaModel

/// A change made through the API, as the audit trail keeps it: when, what kind of thing, what
/// was done to which one, by whom, and what changed.
public struct AuditRecord: Sendable, Hashable {
    /// What kind of thing changed; `setAside` is a set-aside record forgotten.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case workflow, job, schedule, subscription, resource, run
        case setAside = "set_aside"
        case config
    }

    /// What was done to it.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case created, replaced, deleted, activated, deactivated, set, reset, started, stopped, marked, protected, unprotected
    }

    public var at: Date
    public var kind: Kind
    public var action: Action
    /// The id of what changed: a workflow, job, subscriber, resource, run or configuration; nil when the change
    /// has no one target (resources marked by a filter).
    public var target: String?
    /// Who made the change.
    public var caller: AuditCaller
    /// What changed, as an object: a definition's version and changed keys, a schedule before
    /// and after, a filter and the count of resources marked.
    public var change: [String: JSONValue]

    public init(at: Date, kind: Kind, action: Action, target: String?, caller: AuditCaller, change: [String: JSONValue] = [:]) {
        self.at = at
        self.kind = kind
        self.action = action
        self.target = target
        self.caller = caller
        self.change = change
    }
}

/// Who made a change: the address the request came from and who the caller proved to be.
public struct AuditCaller: Sendable, Hashable {
    /// The caller's IP address; nil when the connection has none.
    public var address: String?
    /// The client certificate's common name, the token's subject, `psk` or `anonymous`.
    public var identity: String

    public init(address: String?, identity: String) {
        self.address = address
        self.identity = identity
    }
}

/// A change as the audit trail stores it, with its id: ids increase in the order changes were
/// recorded.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var record: AuditRecord

    public init(id: Int64, record: AuditRecord) {
        self.id = id
        self.record = record
    }
}

/// Which audit entries to list: newest first, at most `limit`.
public struct AuditQuery: Sendable, Hashable {
    /// The number of entries listed when no limit is given.
    public static let defaultLimit = 100
    /// The most entries one listing returns.
    public static let maximumLimit = 1000

    public var kind: AuditRecord.Kind?
    /// Only entries recorded at or after this time.
    public var since: Date?
    /// Only entries recorded before this time.
    public var until: Date?
    /// At most this many entries, from 1 to `maximumLimit`; a store clamps other values into that range.
    public var limit: Int

    public init(kind: AuditRecord.Kind? = nil, since: Date? = nil, until: Date? = nil, limit: Int = AuditQuery.defaultLimit) {
        self.kind = kind
        self.since = since
        self.until = until
        self.limit = limit
    }
}
