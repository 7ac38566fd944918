/// How a step is tried again when an attempt fails: a blocking subscriber answered
/// `action_error` or did not answer before the step timed out, or the step's command failed.
///
/// `attempts` counts every try, the first included. The wait before attempt `n + 1` is
/// `min(maxBackoff, backoff × factor^(n−1))` seconds, less up to `jitter` of itself: a share
/// drawn from the run's id, the step and the attempt, so that the same run waits the same time
/// after a restart while runs started together spread out.
public struct RetryPolicy: Sendable, Hashable {
    /// The most tries `attempts` may ask for.
    public static let maximumAttempts = 100
    /// The longest wait `backoff` and `maxBackoff` may ask for: a day.
    public static let maximumBackoff: Double = 86_400
    /// The largest `factor`.
    public static let maximumFactor: Double = 10

    public var attempts: Int
    /// Seconds before the second attempt.
    public var backoff: Double
    /// What each further wait is multiplied by; 1 waits the same every time.
    public var factor: Double
    /// Seconds no wait exceeds.
    public var maxBackoff: Double
    /// The share of a wait, from 0 to 1, that may be taken off it.
    public var jitter: Double

    public init(attempts: Int, backoff: Double = 10, factor: Double = 2, maxBackoff: Double = 300, jitter: Double = 0) {
        self.attempts = attempts
        self.backoff = backoff
        self.factor = factor
        self.maxBackoff = maxBackoff
        self.jitter = jitter
    }

    /// Seconds to wait after attempt `attempt` (1 for the first) failed, before the next. `seed`
    /// picks the jitter: the same seed gives the same wait.
    public func delay(after attempt: Int, seed: UInt64) -> Double {
        var wait = backoff
        for _ in 1..<max(attempt, 1) where wait < maxBackoff { wait *= factor }
        wait = min(wait, maxBackoff)
        guard jitter > 0 else { return wait }
        var random = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: attempt))
        let share = Double(random.next() >> 11) / Double(1 << 53)
        return wait * (1 - jitter * share)
    }

    /// The policy's JSON as a definition writes it.
    public var json: JSONValue {
        [
            "attempts": .int(Int64(attempts)), "backoff": .number(backoff), "factor": .number(factor),
            "max_backoff": .number(maxBackoff), "jitter": .number(jitter),
        ]
    }
}

extension DefinitionReader {
    /// Reads a step's `retry`: `{attempts, backoff, factor, max_backoff, jitter}`, `attempts` required.
    mutating func retryPolicy(_ value: JSONValue, at path: String) -> RetryPolicy? {
        guard let object = object(value, at: path, keys: ["attempts", "backoff", "factor", "max_backoff", "jitter"]) else { return nil }
        let defaults = RetryPolicy(attempts: 1)
        var valid = true
        func number(_ key: String, _ defaultValue: Double, in range: ClosedRange<Double>, _ rule: String) -> Double {
            guard let value = object[key], value != .null else { return defaultValue }
            guard let number = value.doubleValue, number.isFinite else {
                fail(Self.join(path, key), "must be a number, not \(value.typeName)")
                valid = false
                return defaultValue
            }
            guard range.contains(number) else {
                fail(Self.join(path, key), "is \(JSONValue.number(number).jsonText); \(rule)")
                valid = false
                return defaultValue
            }
            return number
        }
        var attempts = 1
        switch object["attempts"] {
        case nil, .null?:
            fail(Self.join(path, "attempts"), "is required: how many times the step is tried, the first included")
            valid = false
        case .int(let count)? where (1...Int64(RetryPolicy.maximumAttempts)).contains(count):
            attempts = Int(count)
        case .int(let count)?:
            fail(Self.join(path, "attempts"), "is \(count); it counts every try, from 1 to \(RetryPolicy.maximumAttempts)")
            valid = false
        case let other?:
            fail(Self.join(path, "attempts"), "must be a whole number, not \(other.typeName == "number" ? other.jsonText : other.typeName)")
            valid = false
        }
        let longest = RetryPolicy.maximumBackoff
        let backoff = number("backoff", defaults.backoff, in: 0...longest, "a wait is 0 to \(Int(longest)) seconds")
        let factor = number("factor", defaults.factor, in: 1...RetryPolicy.maximumFactor, "the factor is 1 to \(Int(RetryPolicy.maximumFactor))")
        let maxBackoff = number("max_backoff", max(defaults.maxBackoff, backoff), in: 0...longest, "a wait is 0 to \(Int(longest)) seconds")
        let jitter = number("jitter", defaults.jitter, in: 0...1, "jitter is the share of a wait taken off it, 0 to 1")
        if valid, maxBackoff < backoff {
            fail(Self.join(path, "max_backoff"), "is less than backoff (\(JSONValue.number(backoff).jsonText)); it caps every wait")
            valid = false
        }
        guard valid else { return nil }
        return RetryPolicy(attempts: attempts, backoff: backoff, factor: factor, maxBackoff: maxBackoff, jitter: jitter)
    }
}
