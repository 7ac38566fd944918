import Foundation
import NIOCore
import Synchronization
import Testing

@testable import RotaCore

/// Each caller's failed authentications within a minute, and how many callers are remembered.
@Suite struct FailedAuthenticationLimitTests {
    /// A clock a test moves by hand.
    final class TestClock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(by seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    /// Admits a check of `caller` and ends it failed; returns what admitting said.
    @discardableResult
    static func fail(_ limit: FailedAuthenticationLimit, _ caller: String) -> Int? {
        guard let retryAfter = limit.admit(caller) else {
            limit.ended(caller, failed: true)
            return nil
        }
        return retryAfter
    }

    @Test func aCallerIsRefusedAfterItsFailuresNotBefore() {
        let clock = TestClock()
        let limit = FailedAuthenticationLimit(limit: 3, clock: { clock.now })
        for _ in 0..<3 { #expect(Self.fail(limit, "10.0.0.7") == nil) }
        #expect(limit.admit("10.0.0.7") == 60)
        #expect(limit.admit("10.0.0.8") == nil)
    }

    @Test func successesDoNotCount() {
        let limit = FailedAuthenticationLimit(limit: 2)
        for _ in 0..<5 {
            #expect(limit.admit("10.0.0.7") == nil)
            limit.ended("10.0.0.7", failed: false)
        }
        #expect(Self.fail(limit, "10.0.0.7") == nil)
    }

    @Test func checksUnderWayCountSoACallerCannotRaceItsLimit() {
        let limit = FailedAuthenticationLimit(limit: 3)
        for _ in 0..<3 { #expect(limit.admit("10.0.0.7") == nil) }
        #expect(limit.admit("10.0.0.7") != nil)
        limit.ended("10.0.0.7", failed: false)
        #expect(limit.admit("10.0.0.7") == nil)
    }

    @Test func theCallerMayTryAgainOnceItsMinuteHasPassed() {
        let clock = TestClock()
        let limit = FailedAuthenticationLimit(limit: 2, clock: { clock.now })
        Self.fail(limit, "10.0.0.7")
        clock.advance(by: 20)
        Self.fail(limit, "10.0.0.7")
        #expect(limit.admit("10.0.0.7") == 40)
        clock.advance(by: 39.5)
        #expect(limit.admit("10.0.0.7") == 1)
        clock.advance(by: 0.5)
        #expect(Self.fail(limit, "10.0.0.7") == nil)
        #expect(Self.fail(limit, "10.0.0.7") == nil)
        #expect(limit.admit("10.0.0.7") == 60)
    }

    @Test func aClockSetBackStartsTheMinuteAnewSoNoCallerWaitsLongerThanAMinute() {
        let clock = TestClock()
        let limit = FailedAuthenticationLimit(limit: 2, clock: { clock.now })
        Self.fail(limit, "10.0.0.7")
        Self.fail(limit, "10.0.0.7")
        #expect(limit.admit("10.0.0.7") == 60)
        clock.advance(by: -3600)
        #expect(Self.fail(limit, "10.0.0.7") == nil)
        #expect(Self.fail(limit, "10.0.0.7") == nil)
        #expect(limit.admit("10.0.0.7") == 60)
    }

    @Test func atMostTenThousandCallersAreRememberedAndTheOldestIsForgotten() {
        let limit = FailedAuthenticationLimit(limit: 1)
        #expect(limit.addressLimit == 10_000)
        for index in 0...10_000 { Self.fail(limit, "caller-\(index)") }
        #expect(limit.rememberedCount == 10_000)
        #expect(limit.admit("caller-10000") != nil)
        #expect(limit.admit("caller-1") != nil)
        #expect(limit.admit("caller-0") == nil)
        #expect(limit.rememberedCount == 10_000)
    }

    @Test func anIPv6SiteCannotPassTheLimitByMovingThroughItsNetworks() throws {
        let clock = TestClock()
        let limit = FailedAuthenticationLimit(limit: 2, clock: { clock.now })
        let address = { (text: String) in try SocketAddress(ipAddress: text, port: 4000) }
        let failures = 2 * FailedAuthenticationLimit.networkMultiple
        for index in 0..<failures / 2 {
            let sender = try address("2001:db8:1:\(String(index, radix: 16))::1")
            let (caller, network) = (FailedAuthenticationLimit.caller(of: sender), FailedAuthenticationLimit.network(of: sender))
            for _ in 0..<2 {
                #expect(limit.admit(caller, network: network) == nil)
                limit.ended(caller, network: network, failed: true)
            }
        }
        let fresh = try address("2001:db8:1:ffff::1")
        #expect(limit.admit(FailedAuthenticationLimit.caller(of: fresh), network: FailedAuthenticationLimit.network(of: fresh)) == 60)
        let otherSite = try address("2001:db8:2::1")
        #expect(limit.admit(FailedAuthenticationLimit.caller(of: otherSite), network: FailedAuthenticationLimit.network(of: otherSite)) == nil)
        clock.advance(by: 60)
        #expect(limit.admit(FailedAuthenticationLimit.caller(of: fresh), network: FailedAuthenticationLimit.network(of: fresh)) == nil)
    }

    @Test func aNetworkIsNotChargedForAChecksCallerAlreadyRefused() throws {
        let limit = FailedAuthenticationLimit(limit: 1)
        Self.fail(limit, "2001:db8:1:2::/64")
        for _ in 0..<100 { #expect(limit.admit("2001:db8:1:2::/64", network: "2001:db8:1::/48") != nil) }
        #expect(limit.admit("2001:db8:1:3::/64", network: "2001:db8:1::/48") == nil)
    }

    @Test func twoNamesForgetEachOtherCleanlyWhenOnlyOneIsRemembered() {
        let limit = FailedAuthenticationLimit(limit: 5, addressLimit: 1)
        for index in 0..<50 {
            #expect(limit.admit("caller-\(index)", network: "network-\(index)") == nil)
            limit.ended("caller-\(index)", network: "network-\(index)", failed: true)
        }
        #expect(limit.rememberedCount == 1)
    }

    @Test func callersAreNamedByAddressAndIPv6ByItsNetwork() throws {
        #expect(FailedAuthenticationLimit.caller(of: try SocketAddress(ipAddress: "10.0.0.7", port: 4000)) == "10.0.0.7")
        #expect(FailedAuthenticationLimit.caller(of: try SocketAddress(ipAddress: "::ffff:10.0.0.7", port: 4000)) == "10.0.0.7")
        let first = FailedAuthenticationLimit.caller(of: try SocketAddress(ipAddress: "2001:db8:1:2::1", port: 4000))
        let sameNetwork = FailedAuthenticationLimit.caller(of: try SocketAddress(ipAddress: "2001:db8:1:2:ffff::9", port: 4000))
        let otherNetwork = FailedAuthenticationLimit.caller(of: try SocketAddress(ipAddress: "2001:db8:1:3::1", port: 4000))
        #expect(first == "2001:db8:1:2::/64")
        #expect(first == sameNetwork)
        #expect(first != otherNetwork)
        #expect(FailedAuthenticationLimit.caller(of: nil) == "local")
        #expect(FailedAuthenticationLimit.network(of: try SocketAddress(ipAddress: "2001:db8:1:2::1", port: 4000)) == "2001:db8:1::/48")
        #expect(FailedAuthenticationLimit.network(of: try SocketAddress(ipAddress: "::ffff:10.0.0.7", port: 4000)) == nil)
        #expect(FailedAuthenticationLimit.network(of: try SocketAddress(ipAddress: "10.0.0.7", port: 4000)) == nil)
        #expect(FailedAuthenticationLimit.network(of: nil) == nil)
    }
}
