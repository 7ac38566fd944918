import Foundation

/// How long an actor waits before it connects again after a failure: exponential backoff with
/// jitter, so that many actors do not all knock at a restarted core at once.
public struct ReconnectPolicy: Sendable, Hashable {
    /// The wait after the first failure.
    public var initialDelay: Duration
    /// The longest wait.
    public var maximumDelay: Duration
    /// How much longer each further wait is.
    public var multiplier: Double
    /// How far a wait may stray either way, as a fraction: 0.2 is ±20 %.
    public var jitter: Double

    /// 0.1 s, doubling up to 10 s, ±20 %.
    public static let `default` = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(10), multiplier: 2, jitter: 0.2)

    public init(initialDelay: Duration, maximumDelay: Duration, multiplier: Double = 2, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait after `failures` failures in a row (1 or more); `random` in -1...1 picks the jitter.
    public func delay(afterFailures failures: Int, random: Double = .random(in: -1...1)) -> Duration {
        let initial = initialDelay / .seconds(1)
        let maximum = maximumDelay / .seconds(1)
        let exponent = Double(max(0, failures - 1))
        let base = min(maximum, initial * pow(multiplier, min(exponent, 64)))
        let jittered = base * (1 + jitter * min(1, max(-1, random)))
        return .milliseconds(Int64((max(0, jittered) * 1000).rounded()))
    }
}
