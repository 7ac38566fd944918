import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `GET /subscribers` says of each subscriber whether its actor is connected, and since when it
/// has been connected or without a connection.
@Suite struct SubscriberConnectionTests {
    /// The subscriber `id` in the answer of `GET /subscribers`.
    static func listed(_ id: String, on core: TestCore) async throws -> JSONValue {
        let list = try #require(try await core.request(.GET, "/subscribers").json().arrayValue)
        return try #require(list.first { $0["id"] == .string(id) }, "\(id) is not listed")
    }

    @Test func aSubscriberIsConnectedFromItsConnectionAndWithoutOneFromItsEnd() async throws {
        try await TestCore.with(manualClock: true) { core in
            #expect(try await core.request(.POST, "/subscriber/quiet/collect").status == 200)
            let quiet = try await Self.listed("quiet", on: core)
            #expect(quiet["connected"] == false)
            #expect(quiet["since"] == "2027-01-15T08:00:00.000Z")
            #expect(quiet["subscriptions"]?["collect"]?["wait_for_completion"] == true, "the protocol's keys stay")

            try await core.advanceClock(by: 60)
            let actor = try await core.actor("worker", subscribesTo: ["collect"])
            let connected = try await Self.listed("worker", on: core)
            #expect(connected["connected"] == true)
            #expect(connected["since"] == "2027-01-15T08:01:00.000Z")

            try await core.advanceClock(by: 60)
            _ = await actor.close()
            try await eventually("the core notices the closed connection") {
                try await Self.listed("worker", on: core)["connected"] == false
            }
            #expect(try await Self.listed("worker", on: core)["since"] == "2027-01-15T08:02:00.000Z")
        }
    }
}
