/// Why the collectors named on the command line (`--collector`) cannot be loaded, with what to
/// type instead.
public enum CollectorSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No collector was named.
    case empty
    /// A name that is not one of `CollectorCatalog.knownNames`.
    case unknown(name: String)
    /// A known collector with options it does not accept.
    case badOptions(collector: String, message: String)
    /// The same collector named twice.
    case duplicate(name: String)

    public var description: String {
        switch self {
        case .empty:
            return "no collector given; known collectors: \(CollectorCatalog.usage)"
        case .unknown(let name):
            return "unknown collector \"\(name)\"; known collectors: \(CollectorCatalog.usage)"
        case .badOptions(let collector, let message):
            return "collector \(collector): \(message)"
        case .duplicate(let name):
            return "collector \"\(name)\" is named twice"
        }
    }
}
