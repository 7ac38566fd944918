/// How one scenario went.
public struct SimulationOutcome: Sendable {
    public let seed: UInt64
    /// The first invariant the scenario broke; nil when it kept them all.
    public let violation: InvariantViolation?
    /// The scenario's inputs and actions, one line each, when it was asked for.
    public let trace: [String]
    /// How many inputs the machines of the scenario took.
    public let inputs: Int
    /// How many times the core crashed or stopped and started again.
    public let restarts: Int
    /// How many runs the store holds as finished at the end.
    public let finishedRuns: Int
}
