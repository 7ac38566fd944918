/// Why a command cannot be run: unknown, malformed, or not allowed on this core.
public struct OperationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
