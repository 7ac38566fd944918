import Foundation
import NIOCore
import Synchronization

/// Counts each caller's failed authentications and refuses a caller that failed `limit` times
/// within a minute until its minute has passed, before the core spends a key derivation on it.
///
/// A check that may fail is counted while it runs, so that a caller cannot get more than `limit`
/// checks going by sending them all at once. At most `addressLimit` callers are remembered; a new
/// one then makes the core forget the caller it met longest ago.
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
    /// The most callers remembered at once.
    let addressLimit: Int
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())

    init(limit: Int, addressLimit: Int = 10_000, clock: @escaping @Sendable () -> Date = { Date() }) {
        precondition(limit > 0 && addressLimit > 0, "a failure limit allows at least one failure and one address")
        self.limit = limit
        self.addressLimit = addressLimit
        self.clock = clock
    }

    /// Whether `caller` may have a token checked: nil when it may (then `ended(_:failed:)` must
    /// follow), else the whole seconds until it may try again, 1 to 60. A clock set back starts
    /// the caller's minute anew, so that no caller waits longer than a minute.
    func admit(_ caller: String) -> Int? {
        let now = clock()
        return state.withLock { state -> Int? in
            var record = state.records[caller] ?? remember(caller, at: now, in: &state)
            let elapsed = now.timeIntervalSince(record.windowStart)
            if elapsed >= Self.window || elapsed < 0 {
                record.windowStart = now
                record.failures = 0
            }
            guard record.failures + record.running < limit else {
                state.records[caller] = record
                let windowEnd = record.windowStart.addingTimeInterval(Self.window)
                return record.failures >= limit ? max(1, Int(windowEnd.timeIntervalSince(now).rounded(.up))) : 1
            }
            record.running += 1
            state.records[caller] = record
            return nil
        }
    }

    /// An admitted check of `caller`'s token has ended, and whether it failed.
    func ended(_ caller: String, failed: Bool) {
        state.withLock { state in
            guard var record = state.records[caller] else { return }
            record.running = max(0, record.running - 1)
            if failed { record.failures += 1 }
            state.records[caller] = record
        }
    }

    /// How many callers are remembered now.
    var rememberedCount: Int { state.withLock { $0.records.count } }

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
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        case .unixDomainSocket:
            return "local"
        }
    }
}
