import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota subscribers list|show|for` against a real core.
@Suite struct SubscribersCommandTests {
    @Test func subscribersAreListedShownAndFoundByMessageType() async throws {
        try await withCore { core in
            _ = try await core.request(
                .PUT, "/subscriber/rota.worker",
                json: [["message_type": "collect", "timeout": 3600], ["message_type": "cleanup", "wait_for_completion": false]])
            _ = try await core.request(.PUT, "/subscriber/rota.metrics", json: [["message_type": "generate_metrics", "timeout": 600]])

            let list = await Rota.run(["subscribers", "list"], against: core)
            #expect(list.status == 0, "\(list)")
            #expect(
                list.lines == [
                    "SUBSCRIBER    MESSAGE TYPE      WAIT  TIMEOUT",
                    "rota.metrics  generate_metrics  yes    10m00s",
                    "rota.worker   cleanup           no      1m00s",
                    "rota.worker   collect           yes     1h00m",
                ])
            let listJSON = await Rota.run(["subscribers", "list", "--json"], against: core)
            #expect(try JSONValue(jsonText: listJSON.output).arrayValue?.count == 2)

            let shown = await Rota.run(["subscribers", "show", "rota.worker"], against: core)
            #expect(shown.status == 0)
            #expect(
                shown.output == """
                    id: rota.worker
                    subscriptions:
                      cleanup:
                        message_type: cleanup
                        timeout: 60
                        wait_for_completion: false
                      collect:
                        message_type: collect
                        timeout: 3600
                        wait_for_completion: true

                    """)

            let forCollect = await Rota.run(["subscribers", "for", "collect"], against: core)
            #expect(forCollect.lines == ["SUBSCRIBER   MESSAGE TYPE  WAIT  TIMEOUT", "rota.worker  collect       yes     1h00m"])
            let forNothing = await Rota.run(["subscribers", "for", "nothing"], against: core)
            #expect(forNothing.output == "no actor subscribes to nothing\n")
            let forJSON = await Rota.run(["subscribers", "for", "generate_metrics", "--json"], against: core)
            #expect(try JSONValue(jsonText: forJSON.output).arrayValue?.map { $0["id"] } == ["rota.metrics"])
        }
    }

    @Test func anUnknownSubscriberIsReported() async throws {
        try await withCore { core in
            let result = await Rota.run(["subscribers", "show", "ghost", "--json"], against: core)
            #expect(result.status == 1)
            #expect(result.output.isEmpty)
            #expect(result.errors == "error: the core refused GET /subscriber/ghost with 404 not_found: no subscriber has the id \"ghost\"\n")
            let empty = await Rota.run(["subscribers", "list"], against: core)
            #expect(empty.output == "no actor has subscribed\n")
        }
    }
}
