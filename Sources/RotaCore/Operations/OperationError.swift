import RotaModel

/// Why a command cannot be run: unknown, malformed, or not allowed on this core. The message
/// shows the passwords of URLs masked, as it may repeat the command.
public struct OperationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = URLCredentials.masked(message)
    }

    public var description: String { message }
}
