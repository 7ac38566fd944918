/// The deterministic simulation of the core: one scenario per seed, and runs of many.
public enum Simulation {
    /// Runs the scenario of `seed`; with `tracing`, the outcome carries its inputs and actions.
    public static func run(seed: UInt64, tracing: Bool = false) -> SimulationOutcome {
        ScenarioDriver(seed: seed, tracing: tracing).run()
    }

    /// Runs the scenarios of `count` seeds from `firstSeed` on, all of them whatever breaks;
    /// `progress` hears of every scenario run.
    public static func run(from firstSeed: UInt64, count: Int, progress: (SimulationOutcome) -> Void = { _ in }) -> SimulationTally {
        var tally = SimulationTally()
        for offset in 0..<UInt64(count) {
            let outcome = run(seed: firstSeed &+ offset)
            tally.add(outcome)
            progress(outcome)
        }
        return tally
    }
}

/// What a run of many scenarios came to.
public struct SimulationTally: Sendable {
    public private(set) var scenarios = 0
    public private(set) var inputs = 0
    public private(set) var restarts = 0
    /// How many scenarios broke each invariant, and the first seed that did.
    public private(set) var failures: [Invariant: (count: Int, firstSeed: UInt64)] = [:]
    /// The first scenario that broke an invariant.
    public private(set) var firstFailure: SimulationOutcome?

    public init() {}

    public mutating func add(_ outcome: SimulationOutcome) {
        scenarios += 1
        inputs += outcome.inputs
        restarts += outcome.restarts
        guard let violation = outcome.violation else { return }
        if firstFailure == nil { firstFailure = outcome }
        let known = failures[violation.invariant]
        failures[violation.invariant] = ((known?.count ?? 0) + 1, known?.firstSeed ?? outcome.seed)
    }
}
