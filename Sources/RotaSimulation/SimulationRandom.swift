import RotaModel

/// The simulator's one source of chance: SplitMix64 from a seed, so that a seed replays a
/// scenario exactly, on every machine.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        generator.next()
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// One element of a list that is not empty.
    public mutating func pick<T>(_ elements: [T]) -> T {
        elements[int(0...elements.count - 1)]
    }

    /// A seed for something else that follows from this one.
    public mutating func seed() -> UInt64 {
        next()
    }
}
