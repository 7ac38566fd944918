/// A change that could not be stored in time: the database refuses writes, or is too slow to
/// answer. Requests that wait for durability answer it as `503 Service Unavailable`.
public struct StoreUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// What happened, for the person who asked: what is not stored, and why.
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
