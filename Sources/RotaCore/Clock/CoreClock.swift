import Foundation
import RotaModel

/// The time as the core sees it: every input to a run carries `now()`, and the ticker waits with
/// `sleep(for:)`. Production uses `SystemClock`; tests and simulations move a `ManualClock`.
public protocol CoreClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits until the clock has moved on by `duration`; throws when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The wall clock of the machine.
public struct SystemClock: CoreClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.pause(for: duration)
    }
}
