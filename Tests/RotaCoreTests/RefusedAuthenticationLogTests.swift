import Foundation
import NIOCore
import RotaTestSupport
import Testing

@testable import RotaCore

/// The log line that says how many authentications were refused without a check.
@Suite struct RefusedAuthenticationLogTests {
    @Test func refusalsAreLoggedAtOnceAndThenAtMostOnceAMinute() async throws {
        let recorder = LogRecorder()
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        let authentication = Authentication(psk: "a key", failureLimit: 1, clock: clock, logger: recorder.logger())
        let attacker = try SocketAddress(ipAddress: "10.0.0.7", port: 40_000)
        #expect(recorder.lines(at: .warning).isEmpty)
        _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: attacker)
        #expect(recorder.lines(at: .warning).isEmpty)
        for _ in 0..<5 { _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: attacker) }
        let first = recorder.lines(at: .warning)
        #expect(first.count == 1)
        #expect(first.first?.contains("1 answered 429") == true)
        #expect(first.first?.contains("10.0.0.7") == true)

        clock.advance(by: 59)
        _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: attacker)
        #expect(recorder.lines(at: .warning).count == 1)
        let another = try SocketAddress(ipAddress: "10.0.0.8", port: 40_000)
        _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: another)
        #expect(recorder.lines(at: .warning).count == 1)
        clock.advance(by: 1)
        _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: another)
        let lines = recorder.lines(at: .warning)
        #expect(lines.count == 2)
        #expect(lines.last?.contains("6 answered 429") == true, "\(lines)")
        #expect(lines.last?.contains("10.0.0.7, 10.0.0.8") == true, "\(lines)")
    }

    @Test func turnedAwayDerivationsAreLogged() {
        let recorder = LogRecorder()
        let log = RefusedAuthenticationLog(logger: recorder.logger(), clock: { Date(timeIntervalSince1970: 1_800_000_000) })
        log.busy()
        log.busy()
        let lines = recorder.lines(at: .warning)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("1 answered 503") == true)
    }
}
