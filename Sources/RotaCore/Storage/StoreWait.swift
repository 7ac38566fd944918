/// How a request's wait for its change to be stored ended.
enum StoreWait: Sendable {
    /// The change is stored.
    case stored
    /// The save timeout passed first.
    case timedOut
    /// The waiting request went away first.
    case cancelled
}
