/// Why a resource line could not be read: the path of the offending field (`tags.env`,
/// `ctime`; empty for the line itself) and what is wrong with it.
public struct ResourceDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
