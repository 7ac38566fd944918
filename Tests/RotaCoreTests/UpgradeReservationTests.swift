import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("An actor's connection reserved by an upgrade that never completed")
struct UpgradeReservationTests {
    /// Sends the upgrade request of actor `x`, ends the connection with `end` before reading the
    /// answer, then returns the status the real actor gets (not 429 once the reservation is
    /// released; tried again for a while).
    static func statusAfterAbandonedUpgrade(
        on core: TestCore, request: String? = nil, end: (RawConnection) async throws -> Void
    ) async throws -> Int {
        #expect(try await core.request(.POST, "/subscriber/x/collect").status == 200)
        let abandoned = try RawConnection(port: core.port)
        try abandoned.send(request ?? RawConnection.upgradeRequest(path: "/subscriber/x/handle", port: core.port))
        try await end(abandoned)
        let deadline = Date().addingTimeInterval(patience)
        var status = 0
        repeat {
            status = try await RawHTTP.upgrade(port: core.port, path: "/subscriber/x/handle").status
            if status == 429 { try await Task.pause(for: .milliseconds(50)) }
        } while status == 429 && Date() < deadline
        return status
    }

    @Test func upgradeClosedBeforeItsAnswerLeavesTheActorFreeToConnect() async throws {
        try await TestCore.with { core in
            let status = try await Self.statusAfterAbandonedUpgrade(on: core) { $0.finish() }
            #expect(status == 101)
        }
    }

    /// The request's body never arrives: the upgrade waits for it, and meanwhile the core may
    /// already have decided it (and reserved the actor's connection).
    @Test func upgradeResetInTheMiddleOfItsRequestLeavesTheActorFreeToConnect() async throws {
        try await TestCore.with { core in
            let request = RawConnection.upgradeRequest(path: "/subscriber/x/handle", port: core.port)
                .replacingOccurrences(of: "\r\n\r\n", with: "\r\nContent-Length: 10\r\n\r\n{}")
            let status = try await Self.statusAfterAbandonedUpgrade(on: core, request: request) { connection in
                // Long enough for the core to take the request's head before the reset; nothing
                // shows when it has, and a slower core only makes this the case of the test above.
                try await Task.pause(for: .milliseconds(300))
                connection.reset()
            }
            #expect(status == 101)
        }
    }

    @Test func upgradeResetBeforeItsAnswerLeavesTheActorFreeToConnect() async throws {
        try await TestCore.with { core in
            let status = try await Self.statusAfterAbandonedUpgrade(on: core) { $0.reset() }
            #expect(status == 101)
        }
    }
}
