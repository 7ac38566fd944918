/// A query parameter or aggregation field that cannot be used: its name (`expired`, `limit`,
/// `group_by`) and what is wrong, such as `expired: must be true or false`.
public struct ResourceQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
