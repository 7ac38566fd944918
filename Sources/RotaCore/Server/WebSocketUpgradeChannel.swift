import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import RotaModel
@_spi(WSInternal) import WSCore

/// The core's HTTP/1 connection. Plain requests go to the router; a WebSocket upgrade request,
/// the first of its connection or a later one on a kept-alive connection, is decided by
/// `decide`, which either accepts it with a handler or refuses it with a real HTTP status and a
/// JSON error body (a client then sees 404, 429 or 401, not a bare 400).
///
/// The connection is guarded: beyond `gate`'s limit a new connection is closed at once, and
/// ``ConnectionTimeouts`` closes one that stays unused (until it becomes a WebSocket).
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Decide = @Sendable (HTTPRequest, SocketAddress?, Logger) async -> WebSocketUpgrade

    /// A connection: its HTTP requests' async channel, or none when the gate turned it away.
    struct Value: ServerChildChannelValue {
        let http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>?
        let channel: any Channel
    }

    /// How long a connection may stay unused.
    struct Timeouts: Sendable {
        /// Without a request.
        let idle: TimeAmount
        /// Without a byte, in the middle of a request.
        let read: TimeAmount
    }

    let routes: HTTPChannelHandler.Responder
    let decide: Decide
    let maxFrameSize: Int
    let timeouts: Timeouts
    let gate: ConnectionGate
    let logger: Logger

    /// The router's answer to plain requests; WebSocket upgrade requests are answered here.
    var responder: HTTPChannelHandler.Responder {
        { [self] request, writer, channel in
            if Self.isWebSocketUpgrade(request.head) {
                try await upgrade(request, writer: writer, channel: channel)
            } else {
                try await routes(request, writer, channel)
            }
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            guard gate.enter() else {
                channel.close(promise: nil)
                return Value(http: nil, channel: channel)
            }
            channel.closeFuture.whenComplete { [gate] _ in gate.leave() }
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.readBuffers)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(HTTPResponseEncoder())
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: channel.servesTLS))
            try pipeline.addHandler(ConnectionTimeouts(idle: timeouts.idle, read: timeouts.read))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            try pipeline.addHandler(ProtocolSwitch())
            let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
            return Value(http: http, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard let http = value.http else { return }
        await handleHTTP(asyncChannel: http, logger: logger)
    }

    /// How a connection sizes the buffer it reads into. A connection keeps its last read buffer
    /// for as long as it is open, so an idle WebSocket costs the core this buffer: it starts small
    /// (a request head, an actor's answer) and grows, up to NIO's usual 64 KiB, for a connection
    /// that reads more at a time (a resource merge's body).
    static let readBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)

    /// Whether a request asks to become a WebSocket (`Connection: upgrade`, `Upgrade: websocket`).
    static func isWebSocketUpgrade(_ head: HTTPRequest) -> Bool {
        func tokens(_ name: HTTPField.Name) -> [Substring] {
            head.headerFields[values: name].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces)[...] }
        }
        return tokens(.connection).contains { $0.lowercased() == "upgrade" } && tokens(.upgrade).contains { $0.lowercased() == "websocket" }
    }

    /// Decides an upgrade request, then refuses it (and closes the connection) or serves the
    /// WebSocket until it ends. The connection's task waits in this function for as long as the
    /// WebSocket is open, and a task keeps the memory its deepest frames once took: so deciding
    /// and serving are functions of their own, and this one holds nothing while it waits.
    private func upgrade(_ request: Request, writer: consuming ResponseWriter, channel: any Channel) async throws {
        guard let accepted = try await admit(request, writer: writer, channel: channel) else { return }
        await serve(accepted, channel: channel)
    }

    /// An upgrade request the core accepts: the headers of its `101` answer, the WebSocket's
    /// handler, and what gives back what deciding reserved.
    private struct Accepted {
        let headers: HTTPFields
        let handler: WebSocketDataHandler<WebSocketSession>
        let release: @Sendable () async -> Void
    }

    /// Reads an upgrade request to its end and decides it: returns it accepted, or answers it with
    /// the refusal (and closes the connection) and returns nil.
    private func admit(_ request: Request, writer: consuming ResponseWriter, channel: any Channel) async throws -> Accepted? {
        for try await _ in request.body {}
        let headers: HTTPFields
        do {
            headers = try await acceptHeaders(for: request.head, channel: channel)
        } catch {
            try await refuse(.badRequest("not a valid WebSocket handshake: \(error)"), writer: writer, channel: channel)
            return nil
        }
        let decision = await decide(request.head, channel.remoteAddress, logger)
        guard case .accept(let handler, let release) = decision else {
            let refusal: APIError
            switch decision {
            case .refuse(let error): refusal = error
            case .notFound, .accept: refusal = APIError(.notFound, "not_found", "no WebSocket is served at this path")
            }
            try await refuse(refusal, writer: writer, channel: channel)
            return nil
        }
        return Accepted(headers: headers, handler: handler, release: release)
    }

    /// Switches the connection to the WebSocket and serves it until it ends. What deciding
    /// reserved is released on every path on which the WebSocket's handler does not run.
    private func serve(_ accepted: Accepted, channel: any Channel) async {
        let handlerStarted = Announcement<Void>()
        do {
            let maxFrameSize = self.maxFrameSize
            let headers = accepted.headers
            let webSocket = try await channel.eventLoop.submit {
                try WebSocketSwitch.upgrade(channel, headers: headers, maxFrameSize: maxFrameSize)
            }.get()
            let handler = accepted.handler
            _ = try await WebSocketHandler.handle(
                type: .server,
                configuration: .init(extensions: [], autoPing: .enabled(timePeriod: .seconds(30)), validateUTF8: false, maxFrameSize: maxFrameSize),
                asyncChannel: webSocket, context: WebSocketSession(logger: logger)
            ) { inbound, outbound, session in
                handlerStarted.announce(())
                try await handler(inbound, outbound, session)
            }
        } catch {
            logger.debug("WebSocket connection ended: \(error)")
        }
        if !handlerStarted.isAnnounced {
            await accepted.release()
            channel.close(promise: nil)
        }
    }

    /// The headers of the `101` answer (`Sec-WebSocket-Accept` among them); throws when the
    /// request is not a valid WebSocket handshake.
    private func acceptHeaders(for head: HTTPRequest, channel: any Channel) async throws -> HTTPFields {
        let handshake = NIOTypedWebSocketServerUpgrader<Void>(
            maxFrameSize: maxFrameSize,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in channel.eventLoop.makeSucceededVoidFuture() })
        let headers = try await handshake.buildUpgradeResponse(
            channel: channel, upgradeRequest: try HTTPRequestHead(head), initialResponseHeaders: HTTPHeaders()
        ).get()
        return HTTPFields(headers, splitCookie: false)
    }

    /// Answers a refused upgrade with its status and JSON body, then closes the connection: after
    /// an upgrade request, the HTTP decoder reads no further request.
    private func refuse(_ error: APIError, writer: consuming ResponseWriter, channel: any Channel) async throws {
        let body = error.body
        var head = HTTPResponse(status: error.status)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = "\(body.readableBytes)"
        head.headerFields[.connection] = "close"
        head.headerFields.append(contentsOf: error.headers)
        try await writer.write(response: head, body: ResponseBody(byteBuffer: body))
        try await channel.eventLoop.submit { channel.close(mode: .all, promise: nil) }.get()
    }
}
