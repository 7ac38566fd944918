import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// The core's HTTP/1 connection: plain requests go to the router; a WebSocket upgrade request is
/// decided by `decide`, which either accepts it with a handler or refuses it with a real HTTP
/// status and a JSON error body (a client then sees 404, 429 or 401, not a bare 400).
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Decide = @Sendable (HTTPRequest, Logger) async -> WebSocketUpgrade

    enum Negotiated: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, WebSocketDataHandler<WebSocketSession>)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, APIError)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let decide: Decide
    let maxFrameSize: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decision = NIOLockedValueBox<WebSocketUpgrade?>(nil)
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: maxFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        let request = try HTTPRequest(head, secure: false, splitCookie: false)
                        let upgrade = await decide(request, logger)
                        decision.withLockedValue { $0 = upgrade }
                        if case .accept = upgrade { return HTTPHeaders() }
                        return nil
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .accept(let handler) = decision.withLockedValue({ $0 }) else {
                            preconditionFailure("an upgrade runs only after it was accepted")
                        }
                        let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        return .webSocket(webSocket, handler)
                    }
                }
            )
            let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration<Negotiated>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        switch decision.withLockedValue({ $0 }) {
                        case .refuse(let error)?: return .refused(http, error)
                        case .notFound?: return .refused(http, APIError(.notFound, "not_found", "no WebSocket is served at this path"))
                        case .accept?, nil: return .http(http)
                        }
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Negotiated>(upgradeConfiguration: upgradeConfiguration)
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            configuration.enableResponseHeaderValidation = false
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let error):
                try await http.executeThenClose { _, outbound in
                    let body = error.body
                    var head = HTTPResponse(status: error.status)
                    head.headerFields[.contentType] = "application/json"
                    head.headerFields[.contentLength] = "\(body.readableBytes)"
                    head.headerFields[.connection] = "close"
                    try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
                }
            case .webSocket(let webSocket, let handler):
                _ = try await WebSocketHandler.handle(
                    type: .server,
                    configuration: .init(extensions: [], autoPing: .enabled(timePeriod: .seconds(30)), validateUTF8: false, maxFrameSize: maxFrameSize),
                    asyncChannel: webSocket, context: WebSocketSession(logger: logger), handler: handler)
            }
        } catch {
            logger.debug("connection ended: \(error)")
        }
    }
}
