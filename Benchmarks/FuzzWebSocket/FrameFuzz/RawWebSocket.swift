import NIOCore
import NIOPosix
import Synchronization

/// A WebSocket client that writes frames byte by byte as the fuzzer made them, valid or not,
/// and reads what the core sends back with its own frame parser. It answers the core's pings
/// and close frames itself, as a client must.
public final class RawWebSocket: Sendable {
    /// Why a connection could not be opened.
    public struct UpgradeRefused: Error, CustomStringConvertible {
        public let status: Int
        public let head: String
        public var description: String { "the upgrade was answered with \(status): \(head)" }
    }

    private let channel: any Channel
    private let maskKeys: MaskKeys

    /// Opens `path` on the core at `host:port` with a WebSocket upgrade; every frame received
    /// afterwards goes to `receive`, ending with `.ended`. Throws `UpgradeRefused` when the
    /// core answers with another status than 101.
    public static func connect(
        host: String = "127.0.0.1", port: Int, path: String, seed: UInt64, receive: @escaping @Sendable (ServerFrame) -> Void
    ) async throws -> RawWebSocket {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let handshake = eventLoop.makePromise(of: (Int, String).self)
        let maskKeys = MaskKeys(SeededRandom(seed: seed))
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ServerFrameReader(handshake: handshake, maskKeys: maskKeys, receive: receive))
                }
            }
            .connect(host: host, port: port).get()
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        let (status, head) = try await handshake.futureResult.get()
        guard status == 101 else {
            try? await channel.close().get()
            throw UpgradeRefused(status: status, head: head)
        }
        return RawWebSocket(channel: channel, maskKeys: maskKeys)
    }

    private init(channel: any Channel, maskKeys: MaskKeys) {
        self.channel = channel
        self.maskKeys = maskKeys
    }

    /// Writes `frames` in one go, each masked (when it asks to be) with a fresh key.
    public func send(_ frames: [FuzzFrame]) async throws {
        var buffer = ByteBuffer()
        for frame in frames {
            buffer.writeBytes(frame.encoded(maskKey: maskKeys.nextMaskKey()))
        }
        try await channel.writeAndFlush(buffer).get()
    }

    /// Closes the TCP connection without a close handshake.
    public func close() async {
        try? await channel.close().get()
    }
}

/// The mask keys of one connection, drawn from its seed.
final class MaskKeys: Sendable {
    private let random: Mutex<SeededRandom>

    init(_ random: SeededRandom) {
        self.random = Mutex(random)
    }

    func nextMaskKey() -> [UInt8] {
        random.withLock { $0.bytes(4) }
    }
}
