import Foundation
import RotaFrameFuzz
import RotaModel
import RotaTestSupport
import Testing

/// A short run of the WebSocket fuzzer of `rota-fuzz-ws` (same generator, same checks) against a
/// real core: every category of frame is sent, every message must be answered, every ping
/// ponged, every protocol violation closed with a close frame, and the core must serve
/// correctly afterwards.
@Suite struct FrameFuzzTests {
    /// The standard mix with every rare category (huge frames, protocol violations) made common
    /// enough to appear in a short run.
    static let mix: FrameMix = {
        var mix = FrameMix.standard
        for (category, weight) in mix.weights where weight < 1 { mix.weights[category] = 1 }
        return mix
    }()

    @Test func everyFuzzedFrameIsAnsweredAndTheCoreServesAfterwards() async throws {
        let maxFrameSize = 64 << 10
        try await TestCore.with(configure: { $0.maxFrameSize = maxFrameSize }) { core in
            let subscribed = try await core.request(.POST, "/subscriber/fuzz-actor/\(FuzzSettings.actorMessageType)")
            #expect(subscribed.status == 200)
            var settings = FuzzSettings(port: core.port, actorId: "fuzz-actor", frames: 4_000, seed: 20_261_203, maxFrameSize: maxFrameSize)
            settings.mix = Self.mix
            settings.batchFrames = 16
            let report = try await FrameFuzzer(settings: settings).run()

            #expect(report.failures == [])
            #expect(report.failureCount == 0)
            #expect(report.totalFrames >= 4_000)
            #expect(Set(report.units.keys) == Set(FrameCategory.allCases))
            #expect(report.refused > 0 && report.published > 0 && report.pongs > 0 && report.reconnects > 0)

            let events = try await TestActor.events(port: core.port, show: ["fuzz_after"])
            let actor = try await core.actor("after-fuzz", subscribesTo: ["fuzz_after"])
            actor.sendText("{\"kind\":")
            let refusal = try await actor.nextEvent("message_refused")
            #expect(refusal.data["reason"]?.stringValue?.contains("not JSON") == true)
            try actor.send(.event(Event(messageType: "fuzz_after", data: ["n": 1])))
            let published = try await events.nextEvent("fuzz_after")
            #expect(published.data == ["n": 1, "subscriber_id": "after-fuzz"])
            let listed = try await core.request(.GET, "/subscribers")
            #expect(listed.status == 200)
            _ = await actor.close()
            _ = await events.close()
        }
    }
}
