import Foundation
import RotaAuth
import RotaModel
import RotaTestSupport
import Testing

/// `/work/queue`, where Fix Inventory's actors register their task handlers: the core accepts
/// the connection, reads and drops what the client sends, never sends work, and guards it like
/// its other sockets (frame size, token, connection cap).
@Suite("Work queue socket")
struct WorkQueueSocketTests {
    /// What `fixlib`'s `CoreTasks` sends when it connects: the worker's `tag` handler.
    static let registration = #"""
        [{"name": "tag", "info": {}, "args_description": {}, "description": "Tag a resource", "filter": {"cloud": ["example"]}, "expect_node_result": true, "allowed_on_kind": null}]
        """#

    /// A connection that asked to become `/work/queue`, with `authorization` when given.
    static func open(_ core: TestCore, authorization: String? = nil) throws -> RawConnection {
        let connection = try RawConnection(port: core.port)
        var request = RawConnection.upgradeRequest(path: "/work/queue", port: core.port)
        if let authorization { request = request.replacingOccurrences(of: "\r\n\r\n", with: "\r\nAuthorization: \(authorization)\r\n\r\n") }
        try connection.send(request)
        return connection
    }

    /// Sends `text` as one masked text frame of any length below 64 KiB.
    static func sendText(_ text: String, on connection: RawConnection) throws {
        let payload = Array(text.utf8)
        precondition(payload.count < 1 << 16, "a frame with a 16-bit length")
        let mask: [UInt8] = [9, 8, 7, 6]
        let length: [UInt8] = payload.count < 126 ? [0x80 | UInt8(payload.count)] : [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        try connection.send([0x81] + length + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
    }

    /// Whether the connection is open and answers a ping, and the pong is the first frame the
    /// core sends: nothing else was sent before it.
    static func answersPingFirst(_ connection: RawConnection) async throws -> Bool {
        try connection.sendFrame(opcode: 0x9, payload: Array("still there?".utf8))
        let frame = try await connection.readFrameBytes(within: 30)
        return frame.opcode == 0xA && frame.payload == Array("still there?".utf8)
    }

    @Test func theConnectionStaysOpenAndQuietWhileTheClientRegisters() async throws {
        try await TestCore.with { core async throws in
            let connection = try Self.open(core)
            #expect(try await connection.readResponse().status == 101)
            try Self.sendText(Self.registration, on: connection)
            try Self.sendText(#"{"task_id": "t1", "data": {}}"#, on: connection)
            // The wait is what is tested: within it the core sends nothing and keeps the connection.
            #expect(await !connection.closesWithin(2))
            #expect(try await Self.answersPingFirst(connection))
            #expect(try await core.request(.GET, "/system/ping").status == 200)
        }
    }

    @Test func aFrameLargerThanMaxFrameSizeClosesItWithItsCodeAndReason() async throws {
        try await TestCore.with(configure: { $0.maxFrameSize = 64 }) { core async throws in
            let oversized = [(opcode: UInt8(0x1), fin: false, payload: [UInt8](repeating: 0x20, count: 40)), (0x0, true, [UInt8](repeating: 0x20, count: 40))]
            let closed = try await ProtocolBreachCloseTests.closeFrame(after: oversized, on: "/work/queue", in: core)
            #expect(closed.code == 1009)
            #expect(closed.reason.contains("64 bytes (max_frame_size)"))
        }
    }

    @Test func onACoreWithAKeyItNeedsAToken() async throws {
        let psk = "work queue key"
        try await TestCore.with(psk: psk) { core async throws in
            #expect(try await Self.open(core).readResponse(within: 60).status == 401)
            let signed = try Self.open(core, authorization: TokenSigner(key: PreSharedKey(psk)).authorizationHeader())
            #expect(try await signed.readResponse(within: 60).status == 101)
        }
    }

    @Test func itsConnectionsCountAgainstTheConnectionCap() async throws {
        try await TestCore.with(configure: { $0.maxConnections = 2 }) { core async throws in
            let first = try Self.open(core)
            #expect(try await first.readResponse().status == 101)
            let second = try Self.open(core)
            #expect(try await second.readResponse().status == 101)
            let third = try RawConnection(port: core.port)
            #expect(await third.closesWithin(10), "one beyond the cap is closed")
            #expect(try await Self.answersPingFirst(first))
            first.finish()
            try await eventually("a place to free up once a work queue connection closes", within: 30) {
                let next = try Self.open(core)
                return (try? await next.readResponse(within: 5).status) == 101
            }
            #expect(try await Self.answersPingFirst(second))
        }
    }

    @Test func aPlainRequestIsNotFound() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.GET, "/work/queue").status == 404)
        }
    }
}
