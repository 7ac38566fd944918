import Foundation

/// What the core knows about a resource beyond what its collector reports: when it was first
/// and last seen, when it expires, whether it is marked for cleanup, deleted, or protected.
///
/// On the wire it is the `metadata` object of a stored resource:
/// `{"first_seen", "last_seen", "expires", "clean": {"reason", "at"} | null, "cleaned", "protected"}`,
/// times in ISO-8601 and null when absent.
public struct ResourceMetadata: Sendable, Hashable {
    /// The merge that first reported the resource.
    public var firstSeen: Date
    /// The latest merge that reported the resource.
    public var lastSeen: Date
    /// When the resource expires by its tags (see ``ResourceExpiry``); nil when it never does.
    public var expires: Date?
    /// The mark set by `cleanup_plan`, if the resource is to be deleted.
    public var clean: CleanMark?
    /// When `cleanup` deleted the resource, if it did.
    public var cleaned: Date?
    /// A protected resource is never marked for cleanup, and so never deleted.
    public var protected: Bool

    public init(
        firstSeen: Date, lastSeen: Date, expires: Date? = nil, clean: CleanMark? = nil, cleaned: Date? = nil,
        protected: Bool = false
    ) {
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.expires = expires
        self.clean = clean
        self.cleaned = cleaned
        self.protected = protected
    }
}
