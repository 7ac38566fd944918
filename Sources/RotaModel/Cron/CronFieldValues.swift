/// The values one field of a cron expression matches, as a bit set, and whether the field
/// was written starting with `*` (which decides how the two day fields combine).
struct CronFieldValues: Sendable, Hashable {
    /// Bit `n` is set when the field matches value `n`.
    var bits: UInt64
    /// True when the field's text starts with `*`, as Vixie cron's DOM_STAR/DOW_STAR flags.
    var isStar: Bool

    /// Whether the field matches `value`.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest matched value that is `value` or more, or nil when there is none.
    func first(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = bits & (UInt64.max << UInt64(max(value, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }
}
