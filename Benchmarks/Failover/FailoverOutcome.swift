import Foundation

/// What the benchmark measured and found: the failover times, and the runs started against the
/// runs the history holds.
struct FailoverOutcome {
    struct Figures {
        /// From each kill until the standby answered ready `200`.
        var leading: [Duration] = []
        /// From each kill until an action reached an actor again.
        var moving: [Duration] = []
        /// What did not happen in time.
        var stalls: [String] = []
    }

    let figures: Figures
    let started: [String]
    let history: [(id: String, success: Bool)]

    /// Every broken invariant: a stall, a run missing from the history or in it twice, a run
    /// that failed, an entry of a run never started.
    var problems: [String] {
        var problems = figures.stalls
        let counts = Dictionary(history.map { ($0.id, 1) }, uniquingKeysWith: +)
        for id in started where counts[id] != 1 { problems.append("run \(id) is in the history \(counts[id] ?? 0) times") }
        for entry in history where !entry.success { problems.append("run \(entry.id) failed") }
        for id in Set(counts.keys).subtracting(started) { problems.append("the history holds run \(id), which was never started") }
        return problems
    }

    func report(options: FailoverOptions) -> String {
        var lines = [
            "rota-failover-bench: \(options.kills) kills -9 of the leader, lease \(options.leaseDuration), retry \(options.leaseRetry), \(options.actors) actors, \(options.runsInFlight) runs in flight, seed \(options.seed)",
            "  until the standby leads:        \(Self.summary(figures.leading))",
            "  until the interrupted run moves: \(Self.summary(figures.moving))",
            "  runs started \(started.count), in the history \(history.count)",
        ]
        lines += problems.map { "  - \($0)" }
        lines.append(problems.isEmpty ? "PASS" : "FAIL")
        return lines.joined(separator: "\n")
    }

    /// `median X s, max Y s over N`.
    static func summary(_ durations: [Duration]) -> String {
        guard !durations.isEmpty else { return "none measured" }
        let seconds = durations.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }.sorted()
        let median = seconds.count % 2 == 1 ? seconds[seconds.count / 2] : (seconds[seconds.count / 2 - 1] + seconds[seconds.count / 2]) / 2
        return String(format: "median %.2f s, max %.2f s over %d", median, seconds.last!, seconds.count)
    }
}
