/// An expiry tag whose value could not be read. The tag is ignored and the next one in order is
/// tried; the merge reports the problem as an info, never as an error.
public struct ExpiryProblem: Sendable, Hashable, CustomStringConvertible {
    /// The tag's key, such as `rota:expires`.
    public let tag: String
    /// The value as the tag holds it.
    public let value: String
    /// What is wrong with the value.
    public let message: String

    public init(tag: String, value: String, message: String) {
        self.tag = tag
        self.value = value
        self.message = message
    }

    public var description: String { "tag \(tag): \(message); ignored" }
}
