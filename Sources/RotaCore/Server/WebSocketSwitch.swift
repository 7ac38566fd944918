import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// Turns an HTTP connection into a WebSocket connection at any of its requests, the first or a
/// later one on a kept-alive connection (as clients with a connection pool do).
///
/// An HTTP connection's pipeline ends in ``ProtocolSwitch`` and the async channel of its HTTP
/// requests. The switch answers `101`, replaces the HTTP handlers with WebSocket frame handlers,
/// and adds the WebSocket's async channel behind the HTTP one, after a ``WebSocketAnchor``;
/// from then on ``ProtocolSwitch`` hands every frame to the anchor, past the HTTP async channel.
enum WebSocketSwitch {
    /// Answers the upgrade request with `101 Switching Protocols` and `headers`, and switches
    /// the pipeline; returns the WebSocket's async channel. Call it on the channel's event loop,
    /// once the upgrade request has been read to its end.
    static func upgrade(
        _ channel: any Channel, headers: HTTPFields, maxFrameSize: Int
    ) throws -> NIOAsyncChannel<WebSocketFrame, WebSocketFrame> {
        let pipeline = channel.pipeline.syncOperations
        let protocolSwitch = try pipeline.handler(type: ProtocolSwitch.self)
        // A client that closed its side after the request is gone: it cannot speak WebSocket.
        guard !protocolSwitch.isInputClosed else { throw ChannelError.inputClosed }
        channel.writeAndFlush(HTTPResponsePart.head(HTTPResponse(status: .switchingProtocols, headerFields: headers)), promise: nil)
        try pipeline.addHandler(WebSocketFrameEncoder(), position: .before(protocolSwitch))
        try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)), position: .before(protocolSwitch))
        try pipeline.addHandler(WebSocketProtocolErrorHandler(), position: .before(protocolSwitch))
        let httpHandlers: [any RemovableChannelHandler] = [
            try pipeline.handler(type: HTTPConnectionStateHandler.self) as HTTPConnectionStateHandler,
            try pipeline.handler(type: ConnectionTimeouts.self) as ConnectionTimeouts,
            try pipeline.handler(type: HTTP1ToHTTPServerCodec.self) as HTTP1ToHTTPServerCodec,
            try pipeline.handler(type: HTTPResponseEncoder.self) as HTTPResponseEncoder,
            // Last: the bytes it holds beyond the request go on to the frame decoder.
            try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) as ByteToMessageHandler<HTTPRequestDecoder>,
        ]
        for handler in httpHandlers { pipeline.removeHandler(handler, promise: nil) }
        let anchor = WebSocketAnchor()
        try pipeline.addHandler(anchor)
        let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        protocolSwitch.divert(to: try pipeline.context(handler: anchor))
        return webSocket
    }
}

/// The handler just before a connection's HTTP async channel: it passes what it reads on, until
/// the connection becomes a WebSocket; then it hands it to the handlers after the anchor. It
/// notes when the client closes its side, so that no WebSocket is opened for a client gone.
final class ProtocolSwitch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private var webSocket: ChannelHandlerContext?
    /// Whether the client closed its side of the connection.
    private(set) var isInputClosed = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed? = event as? ChannelEvent { isInputClosed = true }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let webSocket {
            webSocket.fireChannelRead(data)
        } else {
            context.fireChannelRead(data)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        webSocket = nil
    }

    /// From now on, what is read goes to the handlers after `anchor`.
    func divert(to anchor: ChannelHandlerContext) {
        webSocket = anchor
    }
}

/// Marks where a WebSocket's handlers begin, behind the connection's HTTP async channel.
final class WebSocketAnchor: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any
}
