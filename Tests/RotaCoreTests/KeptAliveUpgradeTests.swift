import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("A WebSocket upgrade on a connection that already carried requests")
struct KeptAliveUpgradeTests {
    @Test func upgradeAfterAPlainRequestOnTheSameConnectionIsAccepted() async throws {
        try await TestCore.with { core in
            let connection = try RawConnection(port: core.port)
            try connection.send("POST /subscriber/x/collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
            #expect(try await connection.readResponse().status == 200)
            try connection.send(RawConnection.upgradeRequest(path: "/subscriber/x/handle", port: core.port))
            #expect(try await connection.readResponse().status == 101)
            try connection.sendTextFrame("not a message")
            let answer = try Message(jsonText: try await connection.readFrame())
            #expect(answer.messageType == "message_refused")
        }
    }

    @Test func refusedUpgradeAfterAPlainRequestIsAnsweredWithItsStatus() async throws {
        try await TestCore.with { core in
            let connection = try RawConnection(port: core.port)
            try connection.send("GET /system/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await connection.readResponse().status == 200)
            try connection.send(RawConnection.upgradeRequest(path: "/subscriber/nobody/handle", port: core.port))
            let refusal = try await connection.readResponse()
            #expect(refusal.status == 404)
            #expect(refusal.body.contains("not_found"))
        }
    }
}
