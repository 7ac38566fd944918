import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes an HTTP connection whose client keeps it without using it: one that sends no request
/// for `idle` (a new connection, or a kept-alive one between requests), or that sends nothing for
/// `read` while a request of it is being read (headers sent, the body stalls). While the core
/// answers a request, the connection is never closed, however long the answer takes. A
/// WebSocket connection drops this handler when it upgrades; it has its own ping.
final class ConnectionTimeouts: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let idle: TimeAmount
    private let read: TimeAmount
    /// Requests whose head was read and whose answer has not ended.
    private var requestsInProgress = 0
    /// Whether a request's head was read and its end not yet.
    private var isReadingRequest = false
    private var lastActivity = NIODeadline.now()
    /// The next check of the quiet time, and when it runs.
    private var check: Scheduled<Void>?
    private var dueTime = NIODeadline.distantFuture

    init(idle: TimeAmount, read: TimeAmount) {
        self.idle = idle
        self.read = read
    }

    /// How long the connection may stay quiet now, or nil while the core answers a request.
    private var allowedQuiet: TimeAmount? {
        if isReadingRequest { return read }
        return requestsInProgress > 0 ? nil : idle
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { noteActivity(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        noteActivity(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            isReadingRequest = true
            requestsInProgress += 1
        case .body:
            break
        case .end:
            isReadingRequest = false
        }
        noteActivity(context: context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsInProgress = max(requestsInProgress - 1, 0)
            noteActivity(context: context)
        }
        context.write(data, promise: promise)
    }

    /// Restarts the quiet time, and makes sure a check runs when it may have run out.
    private func noteActivity(context: ChannelHandlerContext) {
        lastActivity = .now()
        guard let allowed = allowedQuiet else { return }
        let due = lastActivity + allowed
        if check != nil, dueTime <= due { return }
        schedule(at: due, context: context)
    }

    private func schedule(at due: NIODeadline, context: ChannelHandlerContext) {
        check?.cancel()
        dueTime = due
        check = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: due) { [self] in
            check = nil
            dueTime = .distantFuture
            guard let allowed = allowedQuiet else { return }
            let due = lastActivity + allowed
            if NIODeadline.now() >= due {
                context.close(promise: nil)
            } else {
                schedule(at: due, context: context)
            }
        }
    }
}
