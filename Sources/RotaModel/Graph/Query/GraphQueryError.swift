/// Query text that Rota does not accept: where (the character offset in the text) and why, in
/// words that name what Rota supports instead.
public struct GraphQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offset, in characters from the start of the text, where the problem was found.
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at \(offset): \(message)" }
}
