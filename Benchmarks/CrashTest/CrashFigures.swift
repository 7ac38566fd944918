/// What the driver measured while it killed and restarted the core.
struct CrashFigures {
    /// How many times the core was killed and started again.
    var restarts = 0
    /// Extra kills of a core within 150 ms of its spawn, before it said it serves.
    var killsDuringStart = 0
    /// Extra kills of a core within 150 ms of its spawn, after it said it serves.
    var killsAfterServing = 0
    /// Kills aimed at a full minute, when the cron trigger is due.
    var killsAtAMinute = 0
    /// From each restart's spawn until the core said it serves.
    var serving: [Duration] = []
    /// From each restart's spawn until every actor was connected again.
    var reconnected: [Duration] = []
    /// From each restart's spawn until the first action reached an actor, for the restarts that
    /// found unfinished runs.
    var resumed: [Duration] = []
    /// Moments the test waited in vain: for actions, for actors, for runs to finish.
    var stalls: [String] = []
    /// The whole test's time.
    var elapsed: Duration = .zero

    /// `durations` as "median X ms, max Y ms".
    static func summary(_ durations: [Duration]) -> String {
        guard !durations.isEmpty else { return "none measured" }
        let sorted = durations.sorted()
        return "median \(milliseconds(sorted[sorted.count / 2])) ms, max \(milliseconds(sorted[sorted.count - 1])) ms (\(sorted.count) restarts)"
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
