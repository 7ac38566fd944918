import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A connection of a core that serves TLS: TLS comes first in its pipeline, with the context
/// `tls` holds when the connection begins, and the HTTP and WebSocket connection of `base`
/// (with its connection gate and timeouts) runs inside it. A client that does not speak TLS (plain
/// HTTP to an HTTPS port) fails the handshake, and its connection is closed.
struct TLSServerChannel<Base: ServerChildChannel & HTTPChannelHandler>: ServerChildChannel, HTTPChannelHandler {
    typealias Value = Base.Value

    let base: Base
    let tls: ServerTLSContext

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.current))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension Channel {
    /// Whether the connection speaks TLS (its requests are `https`); call on its event loop.
    var servesTLS: Bool {
        (try? pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)) != nil
    }
}
