import Foundation

/// Saves that keep failing: since when, how often, and the last error. The core is not ready
/// while there is one.
struct SaveFailure: Sendable {
    /// When the first of these failures happened.
    let since: Date
    /// When the last one happened.
    var last: Date
    var attempts: Int
    var error: String

    init(_ error: any Error, at now: Date) {
        since = now
        last = now
        attempts = 1
        self.error = "\(error)"
    }

    /// Counts one more failure.
    mutating func record(_ error: any Error, at now: Date) {
        last = now
        attempts += 1
        self.error = "\(error)"
    }

    /// The failure in one sentence, e.g. "the last save failed 3 s ago (attempt 12, failing since 40 s): disk I/O error".
    func describe(at now: Date) -> String {
        let ago = Int(max(0, now.timeIntervalSince(last)).rounded())
        let failing = Int(max(0, now.timeIntervalSince(since)).rounded())
        return "the last save failed \(ago) s ago (attempt \(attempts), failing for \(failing) s): \(error)"
    }
}
