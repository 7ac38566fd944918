import Hummingbird
import NIOCore
import RotaModel

/// What the core's routes know about a request beyond the request itself: the connection it came
/// on (the caller's address, its TLS certificate) and what authentication learned of the caller.
struct CoreRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel
    /// The payload of the request's valid token, when the core has a pre-shared key.
    var tokenPayload: [String: JSONValue]?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The caller's address, e.g. `10.0.0.7`; nil when the connection has none (a Unix socket).
    var remoteAddress: SocketAddress? { channel.remoteAddress }
}
