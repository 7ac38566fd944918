/// The timeouts Rota accepts, in seconds: of steps, of jobs and their waits, and of
/// subscriptions. More than 0 and at most a week, far beyond any step people wait for, and far
/// inside what a deadline or a conversion to whole seconds or nanoseconds can hold.
public enum TimeoutRange {
    /// The longest timeout: 7 days.
    public static let maximum: Double = 7 * 24 * 3600

    /// Why `seconds` is not an accepted timeout (0 or less, NaN, beyond the maximum or
    /// infinite); nil when it is one.
    public static func problem(with seconds: Double) -> String? {
        guard seconds > 0 else { return "must be > 0" }
        guard seconds <= maximum else { return "must be at most \(Int(maximum)) seconds (7 days), not \(seconds)" }
        return nil
    }

    /// `seconds` brought into the range, so that arithmetic on a timeout that predates the range
    /// (a run or subscription stored before) cannot trap: NaN and more than the maximum count as
    /// the maximum, less than 0 as 0.
    public static func clamped(_ seconds: Double) -> Double {
        seconds.isNaN ? maximum : min(max(seconds, 0), maximum)
    }
}
