import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A client whose frames break the WebSocket protocol is disconnected with the close code the
/// protocol calls for and a reason it can read, on an actor's connection and on `/events` alike.
@Suite("WebSocket protocol breaches close with their code and a reason")
struct ProtocolBreachCloseTests {
    /// The code and reason of the close frame the core answers `frames` with.
    static func closeFrame(after frames: [(opcode: UInt8, fin: Bool, payload: [UInt8])], on path: String, in core: TestCore) async throws
        -> (code: Int, reason: String)
    {
        let connection = try RawConnection(port: core.port)
        try connection.send(RawConnection.upgradeRequest(path: path, port: core.port))
        #expect(try await connection.readResponse().status == 101)
        for frame in frames { try connection.sendFrame(opcode: frame.opcode, fin: frame.fin, payload: frame.payload) }
        while true {
            let frame = try await connection.readFrameBytes()
            guard frame.opcode == 0x8 else { continue }
            let code = frame.payload.count >= 2 ? Int(frame.payload[0]) << 8 | Int(frame.payload[1]) : 0
            return (code, String(decoding: frame.payload.dropFirst(2), as: UTF8.self))
        }
    }

    @Test(arguments: ["/subscriber/w/handle", "/events"])
    func breachesCloseWithTheirCodeAndAReason(path: String) async throws {
        try await TestCore.with(configure: { $0.maxFrameSize = 64 }) { core in
            #expect(try await core.request(.POST, "/subscriber/w/collect").status == 200)
            let orphan = try await Self.closeFrame(after: [(0x0, true, Array("lost".utf8))], on: path, in: core)
            #expect(orphan.code == 1002)
            #expect(orphan.reason.contains("fragments out of order"))

            let interrupted = try await Self.closeFrame(after: [(0x1, false, Array("{".utf8)), (0x1, true, Array("}".utf8))], on: path, in: core)
            #expect(interrupted.code == 1002)

            let fragments = [(opcode: UInt8(0x1), fin: false, payload: [UInt8](repeating: 0x20, count: 40)), (0x0, true, [UInt8](repeating: 0x20, count: 40))]
            let tooLarge = try await Self.closeFrame(after: fragments, on: path, in: core)
            #expect(tooLarge.code == 1009)
            #expect(tooLarge.reason.contains("64 bytes (max_frame_size)"))

            #expect(try await core.request(.GET, "/system/ping").status == 200)
        }
    }
}
