import Foundation
import Logging
import Synchronization

/// Tells the log how many authentications the core refused without checking them, at most once
/// a minute: `429` to addresses at their limit of failures, `503` to tokens with new salts while
/// too many key derivations waited. A flood of bad tokens thus shows in the log without filling it.
final class RefusedAuthenticationLog: Sendable {
    private struct State {
        var limited = 0
        var busy = 0
        /// The addresses answered `429` since the last line, up to `addressesNamed`.
        var limitedCallers: [String] = []
        var lastLine: Date?
    }

    /// The most addresses one line names.
    static let addressesNamed = 5

    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())

    init(logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.logger = logger
        self.clock = clock
    }

    /// `caller` was answered `429`: it is at its limit of failed authentications.
    func limited(_ caller: String) {
        note { state in
            state.limited += 1
            if state.limitedCallers.count < Self.addressesNamed, !state.limitedCallers.contains(caller) { state.limitedCallers.append(caller) }
        }
    }

    /// A token with a new salt was answered `503`: too many derivations waited.
    func busy() {
        note { $0.busy += 1 }
    }

    /// Counts a refusal, and logs what was counted when the last line is a minute old or more.
    private func note(_ count: (inout State) -> Void) {
        let now = clock()
        let line = state.withLock { state -> String? in
            count(&state)
            guard state.lastLine.map({ now.timeIntervalSince($0) >= 60 }) ?? true else { return nil }
            defer { state = State(lastLine: now) }
            var parts: [String] = []
            if state.limited > 0 {
                parts.append(
                    "\(state.limited) answered 429 to addresses past auth_failure_limit (--auth-failure-limit), among them \(state.limitedCallers.joined(separator: ", "))")
            }
            if state.busy > 0 {
                parts.append("\(state.busy) answered 503 to tokens with new salts while too many key derivations waited")
            }
            return "refused authentications without checking them: " + parts.joined(separator: "; ")
        }
        if let line { logger.warning("\(line)") }
    }
}
