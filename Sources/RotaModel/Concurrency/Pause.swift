extension Task where Success == Never, Failure == Never {
    /// Suspends the current task for at least `duration`, and throws `CancellationError` when the
    /// task is cancelled first: what `Task.pause(for:)` does, without its fault.
    ///
    /// Rota waits through this rather than `Task.pause(for:)` or a clock's `sleep(for:)`. Those
    /// are compiled into the caller, and with Swift 6.3 cancelling them can leave the task's
    /// allocator unbalanced: the process then crashes, or spins in `swift_task_dealloc` and never
    /// answers again. Rota cancels waits all the time (every time limit that is beaten), and a
    /// core must not hang for it. `Task.sleep(nanoseconds:)` lives in the runtime and is sound.
    ///
    /// A duration of zero or less does not wait; one beyond 292 years waits 292 years.
    public static func pause(for duration: Duration) async throws {
        try await sleep(nanoseconds: duration.nanosecondsToPause)
    }
}

extension Duration {
    /// The whole nanoseconds of this duration, from 0 up to `Int64.max`: larger values make
    /// `Task.sleep(nanoseconds:)` return at once.
    var nanosecondsToPause: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflowed) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflowed else { return UInt64(Int64.max) }
        let (total, overflowedAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !overflowedAgain else { return UInt64(Int64.max) }
        return UInt64(max(0, total))
    }
}
