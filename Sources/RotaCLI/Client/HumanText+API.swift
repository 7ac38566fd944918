import Foundation
import RotaModel

extension HumanText {
    /// A time of the core to the second (`2026-11-23 10:00:00Z`); `-` for none.
    static func time(_ date: Date?) -> String {
        time(date.map { JSONValue.string(Timestamp.string($0)) })
    }

    /// A text; `-` for none.
    static func text(_ text: String?) -> String {
        text ?? "-"
    }

    /// A number as text.
    static func text(_ number: Int) -> String {
        String(number)
    }

    /// A percentage such as `42%`, from the core's number 0...100.
    static func percent(_ value: Double) -> String {
        percent(JSONValue.number(value))
    }

    /// A failed attempt that is tried again: `attempt 1 failed (worker-2: rate limited); attempt 2
    /// in 10s`; without the parentheses when no reason is given.
    static func retry(failedAttempt: Int, retryIn: Double, reason: String?) -> String {
        let next = failedAttempt < Int.max ? String(failedAttempt + 1) : "next"
        let why = reason.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
        // A negative wait is unknown: the failure was seen in the run's state, not on the bus.
        guard retryIn >= 0 else { return "attempt \(failedAttempt) failed" }
        // The event may come from any client of the bus: a wait beyond a year reads as a year.
        let when = retryIn > 0 ? "in \(duration(min(retryIn, 365 * 86_400)))" : "at once"
        return "attempt \(failedAttempt) failed\(why); attempt \(next) \(when)"
    }
}
