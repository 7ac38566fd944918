import RotaClient
import RotaTestSupport
import Testing

/// The backoff between connection attempts.
@Suite struct ReconnectPolicyTests {
    @Test func theDefaultWaitDoublesFromATenthOfASecondUpToTenSeconds() {
        let policy = ReconnectPolicy.default
        let waits = (1...10).map { policy.delay(afterFailures: $0, random: 0) }
        #expect(waits.prefix(8) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .milliseconds(3200), .milliseconds(6400), .seconds(10)])
        #expect(waits.suffix(2) == [.seconds(10), .seconds(10)])
        #expect(policy.delay(afterFailures: 10_000, random: 0) == .seconds(10))
    }

    @Test func jitterStraysAtMostTwentyPercentEitherWay() {
        let policy = ReconnectPolicy.default
        #expect(policy.delay(afterFailures: 1, random: -1) == .milliseconds(80))
        #expect(policy.delay(afterFailures: 1, random: 1) == .milliseconds(120))
        #expect(policy.delay(afterFailures: 20, random: 1) == .seconds(12))
        for _ in 0..<100 {
            let wait = policy.delay(afterFailures: 3)
            #expect(wait >= .milliseconds(320) && wait <= .milliseconds(480))
        }
    }
}
