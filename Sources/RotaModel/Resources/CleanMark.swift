import Foundation

/// A resource's mark for cleanup: why it should be deleted and when it was marked.
public struct CleanMark: Sendable, Hashable {
    public var reason: String
    public var at: Date

    public init(reason: String, at: Date) {
        self.reason = reason
        self.at = at
    }
}
