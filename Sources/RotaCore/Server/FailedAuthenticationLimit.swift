import Foundation
import NIOCore
import Synchronization

/// Counts each caller's failed authentications and refuses a caller that failed `limit` times
/// within a minute until its minute has passed, before the core spends a key derivation on it.
///
/// A check that may fail is counted while it runs, so that a caller cannot get more than `limit`
/// checks going by sending them all at once. An IPv6 caller is also counted with the rest of its
/// /48 network, which may fail `networkMultiple` times `limit` in a minute, so that a site cannot
/// pass the limit by moving through the many /64s it owns. At most `addressLimit` callers and
/// networks are remembered; a new one then makes the core forget the one it met longest ago.
final class FailedAuthenticationLimit: Sendable {
    /// How long failures are counted against a caller.
    static let window: TimeInterval = 60

    /// One caller's minute.
    private struct Record {
        var windowStart: Date
        var failures = 0
        /// Checks admitted that have not ended yet.
        var running = 0
    }

    private struct State {
        var records: [String: Record] = [:]
        /// Callers in the order they were first remembered, used as a ring once full.
        var order: [String] = []
        /// Where in `order` the caller remembered longest ago sits once the ring is full.
        var oldest = 0
    }

    /// Failed authentications a caller may make in a minute.
    let limit: Int
    /// The most callers and networks remembered at once.
    let addressLimit: Int
    /// How many times `limit` a network may fail in a minute, all its callers together.
    static let networkMultiple = 16
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())

    init(limit: Int, addressLimit: Int = 10_000, clock: @escaping @Sendable () -> Date = { Date() }) {
        precondition(limit > 0 && addressLimit > 0, "a failure limit allows at least one failure and one address")
        self.limit = limit
        self.addressLimit = addressLimit
        self.clock = clock
    }

    /// Whether `caller`, of `network` if it has one, may have a token checked: nil when it may
    /// (then `ended(_:network:failed:)` must follow), else the whole seconds until it may try
    /// again, 1 to 60. A clock set back starts the minute anew, so that no caller waits longer
    /// than a minute.
    func admit(_ caller: String, network: String? = nil) -> Int? {
        let now = clock()
        return state.withLock { state -> Int? in
            if let retryAfter = Self.retryAfter(current(caller, at: now, in: &state), limit: limit, now: now) { return retryAfter }
            if let network {
                let record = current(network, at: now, in: &state)
                if let retryAfter = Self.retryAfter(record, limit: limit * Self.networkMultiple, now: now) { return retryAfter }
                state.records[network]?.running += 1
            }
            state.records[caller]?.running += 1
            return nil
        }
    }

    /// An admitted check of `caller`'s token, of `network` if it has one, has ended, and whether it failed.
    func ended(_ caller: String, network: String? = nil, failed: Bool) {
        state.withLock { state in
            for name in [caller, network].compactMap({ $0 }) {
                guard var record = state.records[name] else { continue }
                record.running = max(0, record.running - 1)
                if failed { record.failures += 1 }
                state.records[name] = record
            }
        }
    }

    /// How many callers are remembered now.
    var rememberedCount: Int { state.withLock { $0.records.count } }

    /// The record of `name` as it stands at `now`, kept in `state`: a new one for a name not
    /// remembered, its failures forgotten once its minute has passed or the clock was set back.
    private func current(_ name: String, at now: Date, in state: inout State) -> Record {
        var record = state.records[name] ?? remember(name, at: now, in: &state)
        let elapsed = now.timeIntervalSince(record.windowStart)
        if elapsed >= Self.window || elapsed < 0 {
            record.windowStart = now
            record.failures = 0
        }
        state.records[name] = record
        return record
    }

    /// Nil when `record` may have one more check under way within `limit`, else the whole
    /// seconds until it may: until its minute ends when its failures reached the limit, else 1
    /// (checks under way will end soon).
    private static func retryAfter(_ record: Record, limit: Int, now: Date) -> Int? {
        guard record.failures + record.running >= limit else { return nil }
        guard record.failures >= limit else { return 1 }
        return max(1, Int(record.windowStart.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    /// Starts remembering `caller`, forgetting the caller remembered longest ago when full.
    private func remember(_ caller: String, at now: Date, in state: inout State) -> Record {
        if state.order.count < addressLimit {
            state.order.append(caller)
        } else {
            state.records[state.order[state.oldest]] = nil
            state.order[state.oldest] = caller
            state.oldest = (state.oldest + 1) % addressLimit
        }
        return Record(windowStart: now)
    }

    /// The name a caller is counted under: its IP address, or for IPv6 its /64 network, which
    /// one machine usually has whole; an IPv4 address mapped into IPv6 counts as the IPv4 address.
    /// Connections without an IP address (a Unix socket) share one name.
    static func caller(of address: SocketAddress?) -> String {
        guard let address else { return "local" }
        switch address {
        case .v4:
            return address.ipAddress ?? "local"
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return bytes[12..<16].map(String.init).joined(separator: ".")
            }
            return prefix(bytes, groups: 4) + "::/64"
        case .unixDomainSocket:
            return "local"
        }
    }

    /// The /48 network an IPv6 caller is also counted with, as `2001:db8:1::/48`; nil for an
    /// IPv4 address (also one mapped into IPv6) and a connection without an IP address.
    static func network(of address: SocketAddress?) -> String? {
        guard case .v6(let v6) = address else { return nil }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return nil }
        return prefix(bytes, groups: 3) + "::/48"
    }

    /// The first `groups` 16-bit groups of an IPv6 address in hexadecimal, joined by colons.
    private static func prefix(_ bytes: [UInt8], groups: Int) -> String {
        stride(from: 0, to: groups * 2, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}
