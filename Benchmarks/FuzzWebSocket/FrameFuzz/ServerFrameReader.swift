import NIOCore

/// Reads the core's side of a fuzzing connection: first the HTTP answer to the upgrade, then
/// WebSocket frames, which it parses itself so that nothing the core sends is hidden. It pongs
/// the core's pings, replies to a close frame with one, and joins fragmented messages.
final class ServerFrameReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let handshake: EventLoopPromise<(Int, String)>
    private let maskKeys: MaskKeys
    private let receive: @Sendable (ServerFrame) -> Void
    private var buffer = ByteBuffer()
    private var isUpgraded = false
    private var fragments: (isText: Bool, bytes: [UInt8])?
    private var sentClose = false

    init(handshake: EventLoopPromise<(Int, String)>, maskKeys: MaskKeys, receive: @escaping @Sendable (ServerFrame) -> Void) {
        self.handshake = handshake
        self.maskKeys = maskKeys
        self.receive = receive
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        if !isUpgraded {
            guard let head = readHead() else { return }
            isUpgraded = true
            let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            handshake.succeed((status, String(head.prefix(300))))
            if status != 101 { return }
        }
        while let (fin, opcode, payload) = readFrame() {
            handle(fin: fin, opcode: opcode, payload: payload, context: context)
        }
        buffer.discardReadBytes()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !isUpgraded {
            isUpgraded = true
            handshake.succeed((0, "the connection closed before the upgrade was answered"))
        }
        receive(.ended)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// The HTTP head up to its blank line, consumed; nil until it has all arrived.
    private func readHead() -> String? {
        let view = buffer.readableBytesView
        guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let length = end.upperBound - view.startIndex
        return buffer.readString(length: length)
    }

    /// The next whole frame, consumed; nil until one has all arrived.
    private func readFrame() -> (fin: Bool, opcode: UInt8, payload: [UInt8])? {
        let view = buffer.readableBytesView
        guard view.count >= 2 else { return nil }
        let first = view[view.startIndex]
        let second = view[view.startIndex + 1]
        var headerLength = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard view.count >= 4 else { return nil }
            length = Int(view[view.startIndex + 2]) << 8 | Int(view[view.startIndex + 3])
            headerLength = 4
        } else if length == 127 {
            guard view.count >= 10 else { return nil }
            length = (0..<8).reduce(0) { $0 << 8 | Int(view[view.startIndex + 2 + $1]) }
            headerLength = 10
        }
        let isMasked = second & 0x80 != 0
        let maskLength = isMasked ? 4 : 0
        guard view.count >= headerLength + maskLength + length else { return nil }
        buffer.moveReaderIndex(forwardBy: headerLength)
        let mask = isMasked ? buffer.readBytes(length: 4)! : []
        var payload = buffer.readBytes(length: length)!
        if isMasked { for index in payload.indices { payload[index] ^= mask[index & 3] } }
        return (first & 0x80 != 0, first & 0x0F, payload)
    }

    private func handle(fin: Bool, opcode: UInt8, payload: [UInt8], context: ChannelHandlerContext) {
        switch opcode {
        case FuzzFrame.ping:
            write(FuzzFrame(opcode: FuzzFrame.pong, payload: payload), context: context)
        case FuzzFrame.pong:
            receive(.pong(payload))
        case FuzzFrame.close:
            let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
            receive(.close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self)))
            if !sentClose {
                sentClose = true
                write(FuzzFrame(opcode: FuzzFrame.close, payload: Array(payload.prefix(2))), context: context)
            }
        case FuzzFrame.text, FuzzFrame.binary:
            if fin {
                receive(.message(isText: opcode == FuzzFrame.text, payload))
            } else {
                fragments = (opcode == FuzzFrame.text, payload)
            }
        case FuzzFrame.continuation:
            fragments?.bytes += payload
            if fin, let message = fragments {
                fragments = nil
                receive(.message(isText: message.isText, message.bytes))
            }
        default:
            break
        }
    }

    private func write(_ frame: FuzzFrame, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame.encoded(maskKey: maskKeys.nextMaskKey()))), promise: nil)
    }
}
