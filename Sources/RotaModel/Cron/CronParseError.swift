/// Why a cron expression could not be read, in words a person can act on.
///
/// The message names the field and the text that is wrong, for example
/// `minute field "61": value 61 is out of range 0-59`.
public struct CronParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and where.
    public let message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
